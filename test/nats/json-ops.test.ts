/**
 * The JSON operations over a real nats-server, each success and each error case: error replies are
 * `{"error":{code,message}}` with the ADR-32 headers, and the listener keeps serving after every one.
 */

import type { NatsConnection } from '@nats-io/transport-node';
import { hexToBytes } from '@noble/hashes/utils.js';
import { base64 } from '@scure/base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../electron/core/vault/verify';
import { ask, client, type NatsHandle, PASSWORD, startNats, startWallet, type Wallet } from './fixture';

const SUBJECT = 'crypto.scripts';

describe('JSON operations', () => {
  let server: NatsHandle;
  let wallet: Wallet;
  let nc: NatsConnection;
  let secpKey: string;
  let edKey: string;

  beforeAll(async () => {
    server = await startNats();
    wallet = await startWallet(server, { approve: 'auto', keyspace: 'ks' });
    await wallet.vault.createKeyspace('ks', PASSWORD);
    secpKey = (await wallet.vault.createKeypair('ks', 'kp')).publicKey;
    edKey = (await wallet.vault.createKeypair('ks', 'ed', { type: 'ed25519' })).publicKey;
    await wallet.vault.createKeyspace('other', 'another password');
    await wallet.vault.createKeypair('other', 'kp2');
    nc = await client(server);
  });
  afterAll(async () => {
    await nc?.close();
    await wallet?.close();
    await server?.stop();
  });

  /** Sends a JSON op and parses the JSON reply, keeping the error headers. */
  async function op(body: unknown, subject = SUBJECT) {
    const payload = typeof body === 'string' ? body : JSON.stringify(body);
    const reply = await ask(nc, subject, payload);
    return {
      json: JSON.parse(reply.text),
      error: reply.header('Nats-Service-Error'),
      status: reply.header('Nats-Service-Error-Code'),
      code: reply.header('Wallet-Error-Code'),
    };
  }

  describe('sign', () => {
    it('signs a UTF-8 message: {public_key, signature} that verifies', async () => {
      const r = await op({ op: 'sign', keyspace: 'ks', keypair: 'kp', message: 'héllo' });
      expect(r.error).toBeUndefined();
      expect(Object.keys(r.json).sort()).toEqual(['public_key', 'signature']);
      expect(r.json.public_key).toBe(secpKey);
      expect(verifySignature(secpKey, new TextEncoder().encode('héllo'), hexToBytes(r.json.signature))).toBe(true);
    });

    it('signs raw bytes from message_b64, with the default keyspace, by public key, and with ed25519', async () => {
      const bytes = new Uint8Array([0, 255, 1, 254, 10, 13]);
      const r = await op({ op: 'sign', keypair: secpKey, message_b64: base64.encode(bytes) });
      expect(verifySignature(secpKey, bytes, hexToBytes(r.json.signature))).toBe(true);
      const ed = await op({ op: 'sign', keyspace: 'ks', keypair: 'ed', message: 'x' });
      expect(ed.json.public_key).toBe(edKey);
      expect(verifySignature(edKey, new TextEncoder().encode('x'), hexToBytes(ed.json.signature))).toBe(true);
    });

    it('opens a locked keyspace with the listener password once the request is approved', async () => {
      wallet.vault.lock('ks');
      const r = await op({ op: 'sign', keyspace: 'ks', keypair: 'kp', message: 'after lock' });
      expect(verifySignature(secpKey, new TextEncoder().encode('after lock'), hexToBytes(r.json.signature))).toBe(true);
    });

    it('a locked keyspace whose password is not the session password is a wrong_password error', async () => {
      wallet.vault.lock('other');
      const r = await op({ op: 'sign', keyspace: 'other', keypair: 'kp2', message: 'm' });
      expect(r.json.error.code).toBe('wrong_password');
      expect(r.status).toBe('401');
    });

    it.each([
      [
        'both message and message_b64',
        { op: 'sign', keypair: 'kp', message: 'a', message_b64: 'YQ==' },
        'bad_input',
        /exactly one/,
      ],
      ['neither message nor message_b64', { op: 'sign', keypair: 'kp' }, 'bad_input', /exactly one/],
      ['message_b64 that is not base64', { op: 'sign', keypair: 'kp', message_b64: '***' }, 'bad_input', /base64/],
      [
        'an unknown keyspace',
        { op: 'sign', keyspace: 'nope', keypair: 'kp', message: 'a' },
        'not_found',
        /keyspace named "nope"/,
      ],
      [
        'an unknown keypair',
        { op: 'sign', keyspace: 'ks', keypair: 'nope', message: 'a' },
        'not_found',
        /keypair "nope"/,
      ],
      ['a misspelt field', { op: 'sign', keypair: 'kp', mesage: 'a' }, 'bad_input', /mesage/],
      ['a field of the wrong type', { op: 'sign', keypair: 42, message: 'a' }, 'bad_input', /keypair/],
      ['no keypair', { op: 'sign', message: 'a' }, 'bad_input', /keypair/],
    ])('%s → error', async (_label, body, code, message) => {
      const r = await op(body);
      expect(r.json.error.code).toBe(code);
      expect(r.json.error.message).toMatch(message);
      expect(r.error).toBe(r.json.error.message);
      expect(Number(r.status)).toBeGreaterThanOrEqual(400);
      expect(r.code).toBe(code);
    });
  });

  describe('public_key, list_keypairs, verify', () => {
    it('public_key names the key and its type', async () => {
      const r = await op({ op: 'public_key', keyspace: 'ks', keypair: 'ed' });
      expect(r.json).toMatchObject({ keyspace: 'ks', name: 'ed', type: 'ed25519', public_key: edKey });
    });

    it('list_keypairs lists names, types and public keys (locked or not)', async () => {
      wallet.vault.lock('other');
      const r = await op({ op: 'list_keypairs', keyspace: 'other' });
      expect(r.json.keypairs.map((k: { name: string }) => k.name)).toEqual(['kp2']);
      const ks = await op({ op: 'list_keypairs' });
      expect(ks.json.keypairs.map((k: { public_key: string }) => k.public_key).sort()).toEqual([secpKey, edKey].sort());
    });

    it('verify says true for a good signature, false for another message, by keypair or public key', async () => {
      const signed = await op({ op: 'sign', keypair: 'kp', message: 'verify me' });
      const sig = signed.json.signature;
      expect((await op({ op: 'verify', keypair: 'kp', message: 'verify me', signature: sig })).json.valid).toBe(true);
      expect((await op({ op: 'verify', keypair: 'kp', message: 'verify mE', signature: sig })).json.valid).toBe(false);
      const byKey = await op({ op: 'verify', public_key: secpKey, message: 'verify me', signature: sig });
      expect(byKey.json).toEqual({ valid: true, public_key: secpKey });
      expect((await op({ op: 'verify', public_key: edKey, message: 'verify me', signature: sig })).json.valid).toBe(
        false,
      );
    });

    it.each([
      ['public_key of an unknown keypair', { op: 'public_key', keypair: 'zz' }, 'not_found'],
      ['list_keypairs of an unknown keyspace', { op: 'list_keypairs', keyspace: 'zz' }, 'not_found'],
      [
        'verify with both keypair and public_key',
        { op: 'verify', keypair: 'kp', public_key: '02'.padEnd(66, '1'), message: 'm', signature: 'ab'.repeat(64) },
        'bad_input',
      ],
      ['verify with a non-hex signature', { op: 'verify', keypair: 'kp', message: 'm', signature: 'xyz' }, 'bad_input'],
      ['an unknown op', { op: 'decrypt', keypair: 'kp' }, 'bad_input'],
      ['an op that is not a string', { op: 7 }, 'bad_input'],
      ['an object with no op', {}, 'bad_input'],
    ])('%s → error', async (_label, body, code) => {
      const r = await op(body);
      expect(r.json.error.code).toBe(code);
      expect(r.error).toBeTruthy();
    });

    it('malformed JSON is a clear bad_input error, in JSON', async () => {
      const r = await op('{"op": "sign", "keypair": }');
      expect(r.json.error.code).toBe('bad_input');
      expect(r.json.error.message).toMatch(/invalid JSON/);
    });
  });

  describe('approval and replays', () => {
    it('a sign that a policy denies is rejected with 403', async () => {
      wallet.queue.policies.setFallback('deny');
      try {
        const r = await op({ op: 'sign', keypair: 'kp', message: 'no' });
        expect(r.json.error.code).toBe('rejected');
        expect(r.status).toBe('403');
      } finally {
        wallet.queue.policies.setFallback('auto');
      }
    });

    it('a retried request id gets the first signature without signing again; a reused id for other content is refused', async () => {
      const calls = countSigns(wallet);
      const body = { op: 'sign', keypair: 'kp', message: 'once', id: 'req-1' };
      const [a, b] = await Promise.all([op(body), op(body)]);
      const c = await op(body);
      expect(a.json.signature).toBe(b.json.signature);
      expect(c.json.signature).toBe(a.json.signature);
      expect(calls.count()).toBe(1);
      const reused = await op({ ...body, message: 'twice' });
      expect(reused.json.error.message).toMatch(/reused/);
      calls.restore();
    });

    it('keeps serving after every error above', async () => {
      const r = await op({ op: 'sign', keypair: 'kp', message: 'still here' });
      expect(verifySignature(secpKey, new TextEncoder().encode('still here'), hexToBytes(r.json.signature))).toBe(true);
    });
  });
});

/** Counts vault.sign calls (the queue's only path to a private key) until restored. */
function countSigns(wallet: Wallet) {
  const original = wallet.vault.sign.bind(wallet.vault);
  let count = 0;
  wallet.vault.sign = (...args) => {
    count++;
    return original(...args);
  };
  return { count: () => count, restore: () => (wallet.vault.sign = original) };
}
