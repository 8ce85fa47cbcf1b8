/**
 * Probes that stretch an approval, driven as an attacker would: a real nats-server, the real core,
 * anonymous publishers, and signed requests made by an independent client (./attacker.ts). Each
 * case did on the old code what its title says it must not do.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueChange, RequestSnapshot } from '../../electron/core/requests';
import { verifySignature } from '../../electron/core/vault/verify';
import { requestHandlers } from '../../electron/core/wallet/handlers/request-handlers';
import { makeRequester } from './attacker';
import { ask, client, type NatsHandle, PASSWORD, startNats, startWallet, type Wallet } from './fixture';

const SUBJECT = 'crypto.scripts';
const MAIN_PASSWORD = 'the owner main password';

describe('approvals that cannot be stretched', () => {
  let server: NatsHandle;
  let wallet: Wallet;
  let nc: NatsConnection;
  let mainKey: string;
  const requester = makeRequester();

  beforeAll(async () => {
    server = await startNats();
    wallet = await startWallet(server, { approve: 'ask', keyspace: 'test', sessionPassword: null });
    await wallet.vault.createKeyspace('test', PASSWORD);
    await wallet.vault.createKeypair('test', 't');
    await wallet.vault.createKeyspace('main', MAIN_PASSWORD);
    mainKey = (await wallet.vault.createKeypair('main', 'm')).publicKey;
    nc = await client(server);
  });
  afterAll(async () => {
    await nc?.close();
    await wallet?.close();
    await server?.stop();
  });

  /** The next request the queue shows as pending. */
  function nextPending(): Promise<RequestSnapshot> {
    return new Promise((resolve) => {
      const on = (change: QueueChange) => {
        if (change.type === 'added' && change.view.state === 'pending') {
          wallet.queue.off('changed', on);
          resolve(change.view);
        }
      };
      wallet.queue.on('changed', on);
    });
  }

  /** Sends a request and, once it waits for a decision, hands over its card and the reply to come. */
  async function arrive(payload: string, headers?: Record<string, string>) {
    const pending = nextPending();
    const reply = ask(nc, SUBJECT, payload, { ...(headers ? { headers } : {}), timeout: 20_000 });
    return { view: await pending, reply };
  }

  describe('finding 1: a grant is bound to an identity that cannot be claimed', () => {
    it('an unverified requester gets no grant, through the contract or the queue, and the card says why', async () => {
      const handlers = requestHandlers({ queue: wallet.queue });
      const { view, reply } = await arrive('list_key_spaces()');
      expect(view.source.verified).toBe(false);
      expect(() => handlers['request:approve']({ id: view.id, allowFor: { minutes: 5 } })).toThrow(
        /did not sign its request/,
      );
      expect(wallet.queue.listPolicies()).toHaveLength(0);
      wallet.queue.reject(view.id);
      expect((await reply).text).toMatch(/^Error: request rejected/);
    });

    it("a verified grant covers that requester's exact script only: not another script, not an anonymous sender", async () => {
      const script = 'list_key_spaces()';
      const first = await arrive(script, requester.sign(SUBJECT, script));
      expect(first.view.source).toMatchObject({ verified: true, requester: requester.publicKey });
      wallet.queue.approve(first.view.id, { remember: { minutes: 5 } });
      expect((await first.reply).text).toContain('main');
      try {
        // The same script, signed afresh: covered without a prompt.
        const again = await ask(nc, SUBJECT, script, { headers: requester.sign(SUBJECT, script) });
        expect(again.text).toContain('main');
        // Another script from the same requester: asked.
        const other = 'list_key_spaces(); 1';
        const otherRun = await arrive(other, requester.sign(SUBJECT, other));
        wallet.queue.reject(otherRun.view.id);
        expect((await otherRun.reply).text).toMatch(/rejected/);
        // The same script from anyone else: asked.
        const anon = await arrive(script);
        wallet.queue.reject(anon.view.id);
        expect((await anon.reply).text).toMatch(/rejected/);
      } finally {
        for (const rule of wallet.queue.listPolicies()) wallet.queue.revokePolicy(rule.id);
      }
    });
  });

  describe('finding 2: a script stays in the keyspaces its card showed', () => {
    it('load_key_space on an unlocked keyspace checks the password: a guess neither opens nor signs', async () => {
      const script = 'load_key_space("main", "anything at all"); select_keypair("m"); sign("drain")';
      const { view, reply } = await arrive(script);
      expect(view.script?.keyspaces).toEqual(['main', 'test']);
      wallet.queue.approve(view.id);
      const text = (await reply).text;
      expect(text).toMatch(/^Error: /);
      expect(/^[0-9a-f]{128}$/.test(text)).toBe(false);
      expect(wallet.logs.join('\n')).toMatch(/load_key_space\("main"\) returned false: wrong password/i);
    });

    it('a keyspace named any other way than a string literal is refused before the prompt', async () => {
      const before = wallet.queue.size;
      const r = await ask(nc, SUBJECT, 'let k = "ma" + "in"; load_key_space(k, "x"); sign("m")');
      expect(r.text).toMatch(/^Error: load_key_space must name its keyspace with a string literal/);
      expect(wallet.queue.size).toBe(before);
    });

    it('a script that creates keys is key management: the card says so and no grant is offered', async () => {
      const script = 'create_key_space("fresh", "a long enough password")';
      const { view, reply } = await arrive(script, requester.sign(SUBJECT, script));
      expect(view.script?.keyManagement).toEqual(['create_keyspace']);
      expect(() => wallet.queue.approve(view.id, { remember: { minutes: 5 } })).toThrow(/key management/);
      wallet.queue.reject(view.id);
      expect((await reply).text).toMatch(/rejected/);
    });
  });

  describe('findings 3 and 4: nothing remote unlocks before approval or counts against the owner', () => {
    it('a password typed for one script is not kept: a later request cannot use it, before or after approval', async () => {
      const handlers = requestHandlers({ queue: wallet.queue });
      const script = 'load_key_space("main"); true';
      const first = await arrive(script);
      handlers['request:approve']({ id: first.view.id, scriptPassword: MAIN_PASSWORD });
      expect((await first.reply).text).toBe('true');

      wallet.vault.lock('main');
      const body = JSON.stringify({ op: 'sign', keyspace: 'main', keypair: mainKey, message: 'while locked' });
      const sign = await arrive(body);
      expect(wallet.vault.isUnlocked('main')).toBe(false);
      wallet.queue.reject(sign.view.id);
      expect(JSON.parse((await sign.reply).text).error.code).toBe('rejected');

      const second = await arrive(script);
      wallet.queue.approve(second.view.id);
      expect((await second.reply).text).toMatch(/no session password/);
      expect(wallet.vault.isUnlocked('main')).toBe(false);
    });

    it('wrong passwords from approved remote scripts never lock the owner out', async () => {
      for (let i = 0; i < 7; i++) {
        const { view, reply } = await arrive(`load_key_space("main", "guess ${i}")`);
        wallet.queue.approve(view.id);
        expect((await reply).text).toBe('false');
      }
      await wallet.vault.unlock('main', MAIN_PASSWORD);
      expect(wallet.vault.isUnlocked('main')).toBe(true);
    });
  });

  describe('finding 9: public data needs a verified requester or a rule', () => {
    const reads = [
      { op: 'list_keypairs', keyspace: 'main' },
      { op: 'public_key', keyspace: 'main', keypair: 'm' },
      { op: 'verify', keyspace: 'main', keypair: 'm', message: 'x', signature: '00'.repeat(64) },
    ];

    it.each(reads)('$op from an anonymous publisher is forbidden', async (body) => {
      const r = JSON.parse((await ask(nc, SUBJECT, JSON.stringify(body))).text);
      expect(r.error.code).toBe('forbidden');
      expect(JSON.stringify(r)).not.toContain(mainKey);
    });

    it('a verified requester reads them, and a read_public rule opens them to anyone', async () => {
      const body = JSON.stringify(reads[0]);
      const signed = JSON.parse((await ask(nc, SUBJECT, body, { headers: requester.sign(SUBJECT, body) })).text);
      expect(signed.keypairs[0].public_key).toBe(mainKey);
      const rule = wallet.queue.addPolicy({ effect: 'allow', operation: 'read_public', keyspace: 'main' });
      try {
        const anon = JSON.parse((await ask(nc, SUBJECT, body)).text);
        expect(anon.keypairs[0].public_key).toBe(mainKey);
      } finally {
        wallet.queue.revokePolicy(rule.id);
      }
    });
  });

  it('an approved JSON sign still signs with the key the card showed', async () => {
    const body = JSON.stringify({ op: 'sign', keyspace: 'main', keypair: 'm', message: 'approved' });
    const { view, reply } = await arrive(body);
    expect(view.target.keypair).toBe(mainKey);
    wallet.queue.approve(view.id);
    const r = JSON.parse((await reply).text);
    expect(verifySignature(mainKey, new TextEncoder().encode('approved'), hexToBytes(r.signature))).toBe(true);
  });
});
