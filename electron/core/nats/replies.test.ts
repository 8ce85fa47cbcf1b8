import { describe, expect, it } from 'vitest';
import { WalletError } from '../../../shared/errors';
import { errorReply, jsonReply, textReply } from './replies';
import { ScriptError } from './script';

const text = (data: Uint8Array) => new TextDecoder().decode(data);

describe('replies', () => {
  it('a script error is "Error: <message>" with ADR-32 headers and the fine-grained code', () => {
    const r = errorReply('script', new ScriptError('parse_error', 'unexpected token', { line: 2, column: 5 }));
    expect(text(r.data)).toBe('Error: unexpected token (line 2, column 5)');
    expect(r.headers).toEqual({
      'Nats-Service-Error': 'unexpected token (line 2, column 5)',
      'Nats-Service-Error-Code': '400',
      'Wallet-Error-Code': 'parse_error',
    });
  });

  it('a JSON error is {"error":{code,message}} with the same headers', () => {
    const r = errorReply('json', new WalletError('not_found', 'no keypair "x"'));
    expect(JSON.parse(text(r.data))).toEqual({ error: { code: 'not_found', message: 'no keypair "x"' } });
    expect(r.headers['Nats-Service-Error-Code']).toBe('404');
  });

  it('a wallet function failing inside a script keeps the wallet error code', () => {
    const cause = new WalletError('locked', 'keyspace "k" is locked');
    const r = errorReply(
      'script',
      new ScriptError('host_error', 'sign failed: keyspace "k" is locked', undefined, { cause }),
    );
    expect(r.headers['Wallet-Error-Code']).toBe('locked');
    expect(r.headers['Nats-Service-Error-Code']).toBe('423');
  });

  it('an unexpected error says "internal error" and leaks nothing of its text', () => {
    const r = errorReply('json', new Error('secret detail /home/user/key'));
    expect(text(r.data)).not.toContain('secret');
    expect(r.headers['Nats-Service-Error-Code']).toBe('500');
  });

  it('a header never carries a line break, however the message reads', () => {
    const r = errorReply('script', new WalletError('bad_input', 'line one\r\nNats-Injected: yes'));
    expect(r.headers['Nats-Service-Error']).toBe('line one Nats-Injected: yes');
    expect(text(r.data)).toContain('\r\n');
  });

  it('success replies carry no error headers', () => {
    expect(textReply('abc').headers).toEqual({});
    expect(text(jsonReply({ a: 1 }).data)).toBe('{"a":1}');
  });
});
