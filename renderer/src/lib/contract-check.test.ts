// The renderer's form checks agree with the contract's schemas.
import { describe, expect, it } from 'vitest';
import { NatsUrl, WsUrl } from '../../../shared/ipc/schemas';
import { nameProblem, schemaProblem } from './contract-check';

describe('contract checks for forms', () => {
  it('passes what the contract accepts and words what it refuses as a sentence', () => {
    expect(schemaProblem(WsUrl, 'wss://sigsocket.example/ws')).toBeNull();
    expect(schemaProblem(WsUrl, 'https://sigsocket.example/ws')).toBe('SigSocket URLs start with ws:// or wss://.');
    expect(schemaProblem(NatsUrl, 'nats://127.0.0.1:4222')).toBeNull();
    expect(schemaProblem(NatsUrl, 'http://127.0.0.1:4222')).toBe('Expected nats://host:port.');
  });

  it('checks names with the Name rule, asking for an empty one in the form’s words', () => {
    expect(nameProblem('  ', 'Name the keyspace.')).toBe('Name the keyspace.');
    expect(nameProblem('Savings 2', 'Name the keyspace.')).toBeNull();
    expect(nameProblem('a/b', 'Name the keyspace.')).toBe('Use letters, digits, spaces, "_", "." or "-".');
    expect(nameProblem('x'.repeat(65), 'Name the keyspace.')).toBe('Name is longer than 64 characters.');
  });
});
