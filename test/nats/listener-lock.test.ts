/**
 * What a lock means to a listener that holds a password (`crypto-cli listen --password-file`), probed
 * as an attacker would: a real nats-server, the real core, and requests signed by an independent
 * client (./attacker.ts). After a lock, lock-all or an idle lock, the listener's password reopens the
 * keyspace only for a request a person approved: not for a grant given before the lock, nor by itself.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueChange, RequestSnapshot } from '../../electron/core/requests';
import { verifySignature } from '../../electron/core/vault/verify';
import { makeRequester } from './attacker';
import { ask, client, type NatsHandle, PASSWORD, startNats, startWallet, type Wallet } from './fixture';

const SUBJECT = 'crypto.scripts';

describe('a lock leaves the listener no usable password', () => {
  let server: NatsHandle;
  let wallet: Wallet;
  let nc: NatsConnection;
  let key: string;
  const requester = makeRequester();

  beforeAll(async () => {
    server = await startNats();
    // The session password is the listener's --password-file; 'ask' prompts for everything no rule covers.
    wallet = await startWallet(server, { approve: 'ask', keyspace: 'test', sessionPassword: PASSWORD });
    await wallet.vault.createKeyspace('test', PASSWORD);
    key = (await wallet.vault.createKeypair('test', 't')).publicKey;
    nc = await client(server);
  });
  afterAll(async () => {
    await nc?.close();
    await wallet?.close();
    await server?.stop();
  });

  /** The next change that shows a request in `state` (and, for approved ones, waiting for an unlock). */
  function nextView(match: (v: RequestSnapshot) => boolean): Promise<RequestSnapshot> {
    return new Promise((resolve) => {
      const on = (change: QueueChange) => {
        if (change.type !== 'removed' && match(change.view)) {
          wallet.queue.off('changed', on);
          resolve(change.view);
        }
      };
      wallet.queue.on('changed', on);
    });
  }

  function signBody(message: string): string {
    return JSON.stringify({ op: 'sign', keyspace: 'test', keypair: key, message });
  }

  /** A signed JSON sign request from the requester; resolves with its reply text. */
  function signed(message: string) {
    const body = signBody(message);
    return ask(nc, SUBJECT, body, { headers: requester.sign(SUBJECT, body), timeout: 20_000 });
  }

  it('after a lock, a signed request waits for a person; only an approval reopens the keyspace', async () => {
    wallet.vault.lock('test');
    const pending = nextView((v) => v.state === 'pending');
    const first = signed('after the lock');
    const view = await pending;
    expect(view.source).toMatchObject({ verified: true, requester: requester.publicKey });
    expect(wallet.vault.isUnlocked('test')).toBe(false);
    wallet.queue.reject(view.id);
    expect(JSON.parse((await first).text).error.code).toBe('rejected');
    expect(wallet.vault.isUnlocked('test')).toBe(false);

    const again = nextView((v) => v.state === 'pending');
    const second = signed('approved by the owner');
    wallet.queue.approve((await again).id);
    const reply = JSON.parse((await second).text);
    expect(verifySignature(key, new TextEncoder().encode('approved by the owner'), hexToBytes(reply.signature))).toBe(
      true,
    );
  });

  it('a grant given before lock-all signs nothing after it until the owner unlocks', async () => {
    await wallet.vault.unlock('test', PASSWORD);
    const granted = nextView((v) => v.state === 'pending');
    const before = signed('before the lock');
    wallet.queue.approve((await granted).id, { remember: { minutes: 5 } });
    expect(JSON.parse((await before).text).signature).toMatch(/^[0-9a-f]{128}$/);
    try {
      wallet.vault.lockAll();
      const waiting = nextView((v) => v.state === 'approved' && v.unlockNeeded);
      const after = signed('after lock-all');
      const view = await waiting;
      expect(view.decidedBy).toMatch(/^policy:/);
      // The grant approved it, but the listener's password does not open the keyspace for a grant.
      await new Promise((r) => setTimeout(r, 300));
      expect(wallet.vault.isUnlocked('test')).toBe(false);
      expect(wallet.logs.join('\n')).not.toMatch(/did not open keyspace/);
      await wallet.vault.unlock('test', PASSWORD);
      expect(JSON.parse((await after).text).signature).toMatch(/^[0-9a-f]{128}$/);
    } finally {
      for (const rule of wallet.queue.listPolicies()) wallet.queue.revokePolicy(rule.id);
    }
  });

  it('a granted script after an idle lock cannot open the keyspace with the listener password', async () => {
    const script = 'select_keypair("t"); sign("from a granted script")';
    const granted = nextView((v) => v.state === 'pending');
    const before = ask(nc, SUBJECT, script, { headers: requester.sign(SUBJECT, script), timeout: 20_000 });
    wallet.queue.approve((await granted).id, { remember: { minutes: 5 } });
    expect((await before).text).toMatch(/^[0-9a-f]{128}$/);
    try {
      const locked = new Promise<void>((resolve) => wallet.vault.once('locked', () => resolve()));
      wallet.vault.setAutoLockMs(200);
      await locked;
      wallet.vault.setAutoLockMs(0);
      expect(wallet.vault.isUnlocked('test')).toBe(false);
      const after = await ask(nc, SUBJECT, script, { headers: requester.sign(SUBJECT, script), timeout: 20_000 });
      expect(after.text).toMatch(/^Error: .*locked/);
      expect(wallet.vault.isUnlocked('test')).toBe(false);
    } finally {
      for (const rule of wallet.queue.listPolicies()) wallet.queue.revokePolicy(rule.id);
    }
  });
});
