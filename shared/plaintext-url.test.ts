import { describe, expect, it } from 'vitest';
import { isLoopbackHost, plaintextUrlWarning } from './plaintext-url';

describe('plaintext URL warning', () => {
  it.each([
    'ws://sig.example.com/ws',
    'ws://192.168.1.20:8080/ws',
    'nats://nats.example.com:4222',
    'nats://10.0.0.5:4222',
    'nats://[2001:db8::1]:4222',
    'ws://127.0.0.1.evil.example/ws',
  ])('warns for %s', (url) => {
    expect(plaintextUrlWarning(url)).toMatch(/is not encrypted: .*plain text/);
  });

  it('names the NATS secret for nats:// and the secure scheme to use', () => {
    expect(plaintextUrlWarning('nats://nats.example.com:4222')).toMatch(/NATS token or password.*Use tls:\/\//);
    expect(plaintextUrlWarning('ws://sig.example.com/ws')).toMatch(/Use wss:\/\/\.$/);
  });

  it.each([
    'wss://sig.example.com/ws',
    'tls://nats.example.com:4222',
    'ws://127.0.0.1:8080/ws',
    'ws://localhost:8080/ws',
    'nats://127.0.0.2:4222',
    'nats://[::1]:4222',
    'not a url',
  ])('stays quiet for %s', (url) => {
    expect(plaintextUrlWarning(url)).toBeNull();
  });

  it('stays quiet for nats:// with TLS configured', () => {
    expect(plaintextUrlWarning('nats://nats.example.com:4222', { tls: true })).toBeNull();
  });

  it('knows loopback names', () => {
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('LOCALHOST')).toBe(true);
    expect(isLoopbackHost('127.0.0.1.nip.io')).toBe(false);
  });
});
