/**
 * Bad input from the network: each gets a clear "Error: …" reply with the ADR-32 headers, and the
 * listener answers the next request as if nothing happened.
 */

import type { NatsConnection } from '@nats-io/transport-node';
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../electron/core/vault/verify';
import {
  allowKeyManagementScripts,
  ask,
  client,
  type NatsHandle,
  PASSWORD,
  startNats,
  startWallet,
  type Wallet,
} from './fixture';

const SUBJECT = 'crypto.scripts';

describe('bad scripts', () => {
  let server: NatsHandle;
  let wallet: Wallet;
  let nc: NatsConnection;
  let publicKey: string;

  beforeAll(async () => {
    server = await startNats();
    wallet = await startWallet(server, { approve: 'auto', keyspace: 'ks' });
    allowKeyManagementScripts(wallet.queue);
    await wallet.vault.createKeyspace('ks', PASSWORD);
    publicKey = (await wallet.vault.createKeypair('ks', 'kp')).publicKey;
    nc = await client(server);
  });
  afterAll(async () => {
    await nc?.close();
    await wallet?.close();
    await server?.stop();
  });

  /** The listener still signs correctly: run after every bad input. */
  async function stillServing(): Promise<void> {
    const r = await ask(nc, SUBJECT, 'select_keypair("kp"); sign("alive")');
    expect(verifySignature(publicKey, new TextEncoder().encode('alive'), hexToBytes(r.text))).toBe(true);
  }

  const cases: Array<[string, string | Uint8Array, string, string, RegExp]> = [
    ['a syntax error', 'let x = ;\nx', 'parse_error', '400', /\(line 1, column \d+\)/],
    ['a syntax error on a later line', 'let a = 1;\nlet b = (a + ;', 'parse_error', '400', /line 2, column \d+/],
    ['an infinite loop', 'let i = 0;\nwhile true { i = i + 1; }', 'step_limit', '422', /100000 evaluation steps/],
    ['a 1 MB script', `// ${'x'.repeat(1_000_000)}\n1`, 'too_large', '413', /exceeds the limit of 65536 bytes/],
    [
      'an unknown function',
      'select_keypair("kp");\nsteal_keys()',
      'unknown_function',
      '400',
      /unknown function 'steal_keys'/,
    ],
    [
      'a wrong argument type',
      'select_keypair("kp");\nsign(42)',
      'type_error',
      '400',
      /sign: argument 1 must be string, got i64/,
    ],
    ['a wrong argument count', 'create_keypair()', 'type_error', '400', /create_keypair expects 1 argument, got 0/],
    ['a runtime error', 'let a = [1];\na[5]', 'runtime_error', '422', /./],
    ['signing with no keypair selected', 'sign("x")', 'bad_input', '400', /no keypair selected/],
    ['bytes that are not UTF-8', new Uint8Array([0x70, 0xff, 0xfe, 0x28]), 'bad_input', '400', /not valid UTF-8/],
  ];

  it.each(cases)(
    '%s → a clear error, and the listener keeps serving',
    async (_label, script, code, status, message) => {
      const r = await ask(nc, SUBJECT, script);
      expect(r.text.startsWith('Error: ')).toBe(true);
      expect(r.text).toMatch(message);
      expect(r.header('Nats-Service-Error')).toBe(r.text.slice('Error: '.length));
      expect(r.header('Nats-Service-Error-Code')).toBe(status);
      expect(r.header('Wallet-Error-Code')).toBe(code);
      await stillServing();
    },
  );

  it('a script running into its limit does not hold up other requesters', async () => {
    const loop = ask(nc, SUBJECT, 'let i = 0; while true { i = i + 1; }');
    const started = performance.now();
    await stillServing();
    const quick = performance.now() - started;
    expect((await loop).text).toMatch(/^Error: /);
    expect(quick).toBeLessThan(1_000);
  });

  it('create_key_space(name) with no session password is an error naming the fix, not a silent false', async () => {
    const nopw = await startWallet(server, { approve: 'auto', sessionPassword: null }, { subject: 'crypto.nopw' });
    allowKeyManagementScripts(nopw.queue);
    try {
      const r = await ask(nc, 'crypto.nopw', 'create_key_space("x")');
      expect(r.text).toMatch(/^Error: .*no session password.*--password-file/);
      const given = await ask(nc, 'crypto.nopw', 'create_key_space("x", "a long password")');
      expect(given.text).toBe('true');
    } finally {
      await nopw.close();
    }
  });
});
