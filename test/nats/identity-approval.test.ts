/**
 * Requester identity and approval over a real nats-server: signed requests are verified and usable by
 * policies, unsigned ones are "unverified", stale or forged ones are refused; a script waits for the
 * user, who sees its full text, its requester and the wallet functions it calls.
 */

import type { NatsConnection } from '@nats-io/transport-node';
import { hexToBytes } from '@noble/hashes/utils.js';
import * as secp from '@noble/secp256k1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../electron/core/nats';
import type { QueueChange, RequestSnapshot } from '../../electron/core/requests';
import { verifySignature } from '../../electron/core/vault/verify';
import { ask, client, type NatsHandle, PASSWORD, startNats, startWallet, type Wallet } from './fixture';

const SUBJECT = 'crypto.scripts';

describe('requester identity and approval', () => {
  let server: NatsHandle;
  let wallet: Wallet;
  let nc: NatsConnection;
  let publicKey: string;
  const requesterKey = secp.utils.randomSecretKey();
  const requesterPub = Buffer.from(secp.getPublicKey(requesterKey, true)).toString('hex');

  beforeAll(async () => {
    server = await startNats();
    wallet = await startWallet(server, { approve: 'ask', keyspace: 'ks' });
    await wallet.vault.createKeyspace('ks', PASSWORD);
    publicKey = (await wallet.vault.createKeypair('ks', 'kp')).publicKey;
    nc = await client(server);
  });
  afterAll(async () => {
    await nc?.close();
    await wallet?.close();
    await server?.stop();
  });

  /** The next request the queue announces as pending. */
  function nextPending(): Promise<RequestSnapshot> {
    return new Promise((resolve) => {
      const on = (change: QueueChange) => {
        if (change.type === 'added') {
          wallet.queue.off('changed', on);
          resolve(change.view);
        }
      };
      wallet.queue.on('changed', on);
    });
  }

  it('a signed script reaches the prompt as verified, with its full text and called functions, and runs once approved', async () => {
    const script = 'load_key_space("ks");\nselect_keypair("kp");\nsign("approved message")';
    const pending = nextPending();
    const reply = ask(nc, SUBJECT, script, { headers: signRequest(SUBJECT, script, requesterKey) });
    const view = await pending;
    expect(view.operation).toBe('script');
    expect(view.source).toMatchObject({ kind: 'nats', endpoint: SUBJECT, requester: requesterPub, verified: true });
    expect(view.script?.text).toBe(script);
    expect(view.script?.calls).toEqual(['load_key_space', 'select_keypair', 'sign']);
    wallet.queue.approve(view.id);
    const signature = (await reply).text;
    expect(verifySignature(publicKey, new TextEncoder().encode('approved message'), hexToBytes(signature))).toBe(true);
  });

  it('an unsigned script is labelled unverified; rejecting it answers "Error: …" with the ADR-32 headers', async () => {
    const pending = nextPending();
    const reply = ask(nc, SUBJECT, 'list_key_spaces()');
    const view = await pending;
    expect(view.source).toMatchObject({ requester: 'unverified', verified: false });
    wallet.queue.reject(view.id);
    const r = await reply;
    expect(r.text).toMatch(/^Error: request rejected: /);
    expect(r.header('Nats-Service-Error-Code')).toBe('403');
  });

  it('a policy keyed by the verified requester key signs without asking; the same request unsigned still waits', async () => {
    const rule = wallet.queue.addPolicy({
      effect: 'allow',
      requester: requesterPub,
      requireVerified: true,
      operation: 'sign',
    });
    try {
      const body = JSON.stringify({ op: 'sign', keypair: 'kp', message: 'by policy' });
      const signed = await ask(nc, SUBJECT, body, { headers: signRequest(SUBJECT, body, requesterKey) });
      expect(JSON.parse(signed.text).public_key).toBe(publicKey);

      const pending = nextPending();
      const unsigned = ask(nc, SUBJECT, body);
      const view = await pending;
      expect(view.source.verified).toBe(false);
      wallet.queue.reject(view.id);
      expect(JSON.parse((await unsigned).text).error.code).toBe('rejected');
    } finally {
      wallet.queue.revokePolicy(rule.id);
    }
  });

  describe('refused before anything is queued', () => {
    const body = JSON.stringify({ op: 'list_keypairs' });
    const cases: Array<[string, () => Record<string, string>, RegExp]> = [
      [
        'a timestamp 61 s old',
        () => signRequest(SUBJECT, body, requesterKey, Date.now() - 61_000),
        /stale request.*61 s old/,
      ],
      [
        'a timestamp 90 s ahead',
        () => signRequest(SUBJECT, body, requesterKey, Date.now() + 90_000),
        /stale request.*in the future/,
      ],
      [
        'a signature over another payload',
        () => signRequest(SUBJECT, `${body} `, requesterKey),
        /bad requester signature/,
      ],
      [
        'a signature for another subject',
        () => signRequest('crypto.other', body, requesterKey),
        /bad requester signature/,
      ],
      [
        'a key that did not make the signature',
        () => ({ ...signRequest(SUBJECT, body, requesterKey), 'Wallet-Requester-Key': `02${'11'.repeat(32)}` }),
        /bad requester signature|compressed/,
      ],
      [
        'a missing signature header',
        () => {
          const h = signRequest(SUBJECT, body, requesterKey);
          delete h['Wallet-Requester-Signature'];
          return h;
        },
        /needs all of/,
      ],
      [
        'an uncompressed key',
        () => ({ ...signRequest(SUBJECT, body, requesterKey), 'Wallet-Requester-Key': `04${'11'.repeat(64)}` }),
        /compressed/,
      ],
    ];
    it.each(cases)('%s', async (_label, headers, message) => {
      const before = wallet.queue.size;
      const r = await ask(nc, SUBJECT, body, { headers: headers() });
      const json = JSON.parse(r.text);
      expect(json.error.code).toBe('forbidden');
      expect(json.error.message).toMatch(message);
      expect(r.header('Nats-Service-Error-Code')).toBe('403');
      expect(wallet.queue.size).toBe(before);
    });

    it('a stale signed script is answered as a script error', async () => {
      const script = 'list_key_spaces()';
      const r = await ask(nc, SUBJECT, script, {
        headers: signRequest(SUBJECT, script, requesterKey, Date.now() - 120_000),
      });
      expect(r.text).toMatch(/^Error: stale request/);
    });

    it('a fresh signature within the window is accepted (list_keypairs needs no approval)', async () => {
      const r = await ask(nc, SUBJECT, body, {
        headers: signRequest(SUBJECT, body, requesterKey, Date.now() - 30_000),
      });
      expect(JSON.parse(r.text).keypairs).toHaveLength(1);
    });
  });
});
