// The whole path a user relies on, through the wallet facade's contract handlers (what the GUI calls):
// a real SigSocket server, a real keychain-backed vault, the approval queue, decisions by id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../electron/core/vault';
import type { Wallet } from '../../electron/core/wallet';
import type { PendingRequestView } from '../../shared/ipc/schemas';
import { type SigsocketHandle, startSigsocket } from '../helpers/sigsocket';
import { openTestWallet } from '../helpers/wallet';
import { postSign, waitFor } from '../sigsocket/support';

const PASSWORD = 'correct horse battery';
let server: SigsocketHandle;
let wallet: Wallet;
let close: () => Promise<void>;
let publicKey: string;

async function pendingFor(message: string): Promise<PendingRequestView> {
  return waitFor<PendingRequestView | undefined>(
    () => wallet.snapshot().requests.find((r) => r.preview.text === message && r.state === 'pending'),
    `a pending card for "${message}"`,
    10_000,
  ) as Promise<PendingRequestView>;
}

beforeAll(async () => {
  server = await startSigsocket(['--timeout-ms', '20000']);
  ({ wallet, close } = await openTestWallet({ secretStore: 'keychain' }));
  await wallet.handlers['keyspace:create']({ name: 'main', password: PASSWORD, words: 24 });
  ({ publicKey } = await wallet.handlers['keypair:create']({ keyspace: 'main', name: 'signer', type: 'secp256k1' }));
  const view = await wallet.handlers['sigsocket:add']({
    url: server.wsUrl,
    keyspace: 'main',
    keypair: 'signer',
    dialect: 'auto',
    ca: null,
  });
  await waitFor(
    () => wallet.snapshot().sigsocket.find((s) => s.id === view.id)?.status.state === 'connected',
    'the wallet connected to the server',
    10_000,
  );
});
afterAll(async () => {
  await close?.();
  await server?.stop();
});

describe('SigSocket requests through the wallet', () => {
  it('a POST /sign shows as a card with the decoded preview; Approve returns a signature that verifies', async () => {
    const posted = postSign(server.url, publicKey, Buffer.from('pay 5 EUR to bob'));
    const card = await pendingFor('pay 5 EUR to bob');
    expect(card.source.kind).toBe('sigsocket');
    expect(card.target).toMatchObject({ keyspace: 'main', keypair: publicKey, keypairName: 'signer' });
    expect(card.preview).toMatchObject({ kind: 'text', size: 16, opaqueWarning: false });
    await wallet.handlers['request:approve']({ id: card.id });
    const res = await posted;
    expect(res.status).toBe(200);
    const sig = Buffer.from(String(res.body.signature), 'base64');
    expect(verifySignature(publicKey, Buffer.from('pay 5 EUR to bob'), sig)).toBe(true);
    // Approving twice cannot sign twice: the request is gone once signed.
    expect(() => wallet.handlers['request:approve']({ id: card.id })).toThrow(/no waiting request/);
  });

  it('Reject answers the application with 403 at once, not after the timeout', async () => {
    const posted = postSign(server.url, publicKey, Buffer.from('drain the account'));
    const card = await pendingFor('drain the account');
    const t0 = performance.now();
    await wallet.handlers['request:reject']({ id: card.id, remember: false });
    const res = await posted;
    expect(res.status).toBe(403);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('a request to a locked keyspace waits with "unlock needed", then signs after an inline unlock', async () => {
    await wallet.handlers['keyspace:lock']({ name: 'main' });
    const posted = postSign(server.url, publicKey, Buffer.from('while locked'));
    const card = await pendingFor('while locked');
    expect(card.unlockNeeded).toBe(true);
    await wallet.handlers['request:approve']({ id: card.id });
    await expect(
      wallet.handlers['keyspace:unlock']({ name: 'main', password: 'wrong password!' }),
    ).rejects.toMatchObject({
      code: 'wrong_password',
    });
    await wallet.handlers['keyspace:unlock']({ name: 'main', password: PASSWORD });
    const res = await posted;
    expect(res.status).toBe(200);
    expect(
      verifySignature(publicKey, Buffer.from('while locked'), Buffer.from(String(res.body.signature), 'base64')),
    ).toBe(true);
  });

  it('"Allow for 1 minute" signs the next request from the same requester without asking, and shows as a policy', async () => {
    const first = postSign(server.url, publicKey, Buffer.from('first'));
    const card = await pendingFor('first');
    await wallet.handlers['request:approve']({ id: card.id, allowFor: { minutes: 1 } });
    expect((await first).status).toBe(200);
    const second = await postSign(server.url, publicKey, Buffer.from('second'));
    expect(second.status).toBe(200);
    const policies = await wallet.handlers['policy:list'](undefined);
    const grant = policies.find((p) => p.decision === 'allow' && p.keypair === publicKey);
    expect(grant?.expiresAt).toBeGreaterThan(Date.now());
    await wallet.handlers['policy:revoke']({ id: grant!.id });
    const third = postSign(server.url, publicKey, Buffer.from('third'));
    const asked = await pendingFor('third');
    await wallet.handlers['request:reject']({ id: asked.id, remember: false });
    expect((await third).status).toBe(403);
  });

  it('History finds every decision and exports it, with no payload text', async () => {
    const all = await wallet.handlers['audit:query']({ limit: 100, offset: 0 });
    const states = all.entries.map((e) => e.state);
    expect(states).toEqual(expect.arrayContaining(['signed', 'rejected']));
    expect(all.entries.every((e) => e.event === 'settled')).toBe(true);
    const rejected = await wallet.handlers['audit:query']({ state: 'rejected', limit: 100, offset: 0 });
    expect(rejected.entries.length).toBeGreaterThanOrEqual(2);
    expect(rejected.entries.every((e) => e.state === 'rejected')).toBe(true);
    const csv = await wallet.handlers['audit:export']({ format: 'csv', query: { limit: 1000, offset: 0 } });
    expect(csv.filename).toMatch(/\.csv$/);
    expect(csv.content.split('\r\n').length).toBeGreaterThan(all.entries.length);
    expect(csv.content).not.toContain('drain the account');
  });
});
