/**
 * Replays, floods and hostile payloads over a real nats-server, sent as an outside client would
 * (./attacker.ts signs without the wallet's helper). Each case did on the old code what its title
 * says it must not do.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryAudit } from '../../electron/core/requests/audit-query';
import { verifySignature } from '../../electron/core/vault/verify';
import { makeRequester } from './attacker';
import { ask, client, type NatsHandle, PASSWORD, startNats, startWallet, type Wallet } from './fixture';

const SUBJECT = 'crypto.scripts';

describe('replays, floods and hostile payloads', () => {
  let server: NatsHandle;
  let wallet: Wallet;
  let nc: NatsConnection;
  let publicKey: string;
  const requester = makeRequester();

  beforeAll(async () => {
    server = await startNats();
    // A global cap a flood could fill on its own, as the default 1,000 can be at 20/s.
    wallet = await startWallet(server, { approve: 'ask', keyspace: 'ks', queue: { maxPending: 120 } });
    await wallet.vault.createKeyspace('ks', PASSWORD);
    publicKey = (await wallet.vault.createKeypair('ks', 'kp')).publicKey;
    nc = await client(server);
  });
  afterAll(async () => {
    await nc?.close();
    await wallet?.close();
    await server?.stop();
  });

  describe('finding 6: a signed request cannot be replayed', () => {
    it('an exact replay is forbidden and uses nothing; a fresh signature with the same request id gets the first answer', async () => {
      const rule = wallet.queue.addPolicy({
        effect: 'allow',
        requester: requester.publicKey,
        requireVerified: true,
        operation: 'sign',
        uses: 5,
      });
      try {
        const body = JSON.stringify({ op: 'sign', keypair: 'kp', message: 'pay 10 to bob' });
        const headers = requester.sign(SUBJECT, body, { requestId: 'order-42' });
        const first = JSON.parse((await ask(nc, SUBJECT, body, { headers })).text);
        expect(verifySignature(publicKey, new TextEncoder().encode('pay 10 to bob'), hexToBytes(first.signature))).toBe(
          true,
        );
        const usesLeft = () => wallet.queue.listPolicies().find((r) => r.id === rule.id)?.usesLeft;
        expect(usesLeft()).toBe(4);

        for (let i = 0; i < 3; i++) {
          const replay = await ask(nc, SUBJECT, body, { headers });
          expect(JSON.parse(replay.text).error).toMatchObject({ code: 'forbidden' });
          expect(JSON.parse(replay.text).error.message).toMatch(/replayed request/);
          expect(replay.header('Nats-Service-Error-Code')).toBe('403');
        }
        expect(usesLeft()).toBe(4);

        const retry = requester.sign(SUBJECT, body, { requestId: 'order-42', at: Date.now() + 1 });
        const again = JSON.parse((await ask(nc, SUBJECT, body, { headers: retry })).text);
        expect(again.signature).toBe(first.signature);
        expect(usesLeft()).toBe(4);
      } finally {
        wallet.queue.revokePolicy(rule.id);
      }
    });

    it('the request id is signed: moving a signature onto another request id is refused', async () => {
      const body = JSON.stringify({ op: 'list_keypairs' });
      const headers = { ...requester.sign(SUBJECT, body, { requestId: 'a' }), 'Wallet-Request-Id': 'b' };
      const r = JSON.parse((await ask(nc, SUBJECT, body, { headers })).text);
      expect(r.error.code).toBe('forbidden');
      expect(r.error.message).toMatch(/bad requester signature/);
    });

    it('a replayed script never runs a second time', async () => {
      const rule = wallet.queue.addPolicy({ effect: 'allow', requester: requester.publicKey, operation: 'script' });
      try {
        const script = 'select_keypair("kp"); sign("run me once")';
        const headers = requester.sign(SUBJECT, script);
        expect((await ask(nc, SUBJECT, script, { headers })).text).toMatch(/^[0-9a-f]{128}$/);
        expect((await ask(nc, SUBJECT, script, { headers })).text).toMatch(/^Error: replayed request/);
        const page = await queryAudit(wallet.queue.audit, { event: 'result' });
        const results = page.entries.filter((e) => e.result?.detail?.includes('signed 11 bytes'));
        expect(results).toHaveLength(1);
      } finally {
        wallet.queue.revokePolicy(rule.id);
      }
    });
  });

  it('finding 7: an anonymous flood gets queue_full while a verified requester and other sources still get in', async () => {
    const flood = Array.from({ length: 150 }, (_, i) =>
      ask(nc, SUBJECT, JSON.stringify({ op: 'sign', keypair: 'kp', message: `flood ${i}` }), { timeout: 20_000 }),
    );
    // The flood's admitted share waits for a decision; the rest is answered at once.
    const refused = (await Promise.race([Promise.all(flood.slice(40)), new Promise((r) => setTimeout(r, 5_000))])) as
      | Awaited<(typeof flood)[number]>[]
      | undefined;
    expect(refused, 'the flood beyond its cap is answered at once').toBeDefined();
    for (const r of refused ?? []) expect(JSON.parse(r.text).error.code).toBe('queue_full');
    const anonymousWaiting = wallet.queue.snapshot().filter((v) => !v.source.verified).length;
    expect(anonymousWaiting).toBeLessThanOrEqual(32);

    const body = JSON.stringify({ op: 'sign', keypair: 'kp', message: 'verified, during the flood' });
    const verified = ask(nc, SUBJECT, body, { headers: requester.sign(SUBJECT, body), timeout: 20_000 });
    const sigsocket = wallet.queue.submit({
      source: { kind: 'sigsocket', endpoint: 'wss://relay.example', verified: false },
      target: { keyspace: 'ks', keypair: publicKey },
      operation: 'sign',
      payload: new TextEncoder().encode('from the relay'),
    });
    await expect.poll(() => wallet.queue.snapshot().some((v) => v.source.verified)).toBe(true);
    for (const v of wallet.queue.snapshot()) wallet.queue.approve(v.id);
    expect(JSON.parse((await verified).text).public_key).toBe(publicKey);
    expect((await sigsocket.outcome).status).toBe('signed');
    await Promise.all(flood);
  });

  describe('finding 8: hostile payloads are refused before any parser', () => {
    it.each([
      ['deeply nested JSON', `{"op":"sign","x":${'['.repeat(400_000)}${']'.repeat(400_000)}}`, /nests deeper/],
      ['a deeply nested script', `${'('.repeat(30_000)}1${')'.repeat(30_000)}`, /nests deeper/],
    ])('%s', async (_label, payload, message) => {
      const before = wallet.queue.size;
      const r = await ask(nc, SUBJECT, payload);
      expect(r.header('Wallet-Error-Code')).toBe('bad_input');
      expect(r.header('Nats-Service-Error')).toMatch(message);
      expect(wallet.queue.size).toBe(before);
    });
  });
});
