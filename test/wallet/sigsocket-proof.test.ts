// Proof of possession through the whole wallet: a locked keyspace cannot prove its key, so the server
// does not list it; unlocking connects at once. The challenge never shows as a request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wallet } from '../../electron/core/wallet';
import { type SigsocketHandle, startSigsocket } from '../helpers/sigsocket';
import { openTestWallet } from '../helpers/wallet';
import { getJson, postSign, waitFor } from '../sigsocket/support';

const PASSWORD = 'correct horse battery';
let server: SigsocketHandle;
let wallet: Wallet;
let close: () => Promise<void>;

beforeAll(async () => {
  server = await startSigsocket(['--proof-timeout-ms', '500']);
  ({ wallet, close } = await openTestWallet({ secretStore: 'keychain' }));
});
afterAll(async () => {
  await close?.();
  await server?.stop();
});

describe('proof of possession in the wallet', () => {
  it('a locked key is not listed; unlocking proves it at once; no challenge ever shows as a request', async () => {
    await wallet.handlers['keyspace:create']({ name: 'main', password: PASSWORD, words: 24 });
    const { publicKey } = await wallet.handlers['keypair:create']({
      keyspace: 'main',
      name: 'signer',
      type: 'secp256k1',
    });
    await wallet.handlers['keyspace:lock']({ name: 'main' });
    const view = await wallet.handlers['sigsocket:add']({
      url: server.wsUrl,
      keyspace: 'main',
      keypair: 'signer',
      dialect: 'plain',
      ca: null,
    });
    const status = () => wallet.snapshot().sigsocket.find((s) => s.id === view.id)?.status;
    await waitFor(
      () => status()?.state === 'reconnecting' && /proof/.test(status()?.reason ?? ''),
      'the server closed the unproven connection',
      10_000,
    );
    expect((await getJson(`${server.url}/connected/${publicKey}`)).body.connected).toBe(false);
    const t0 = performance.now();
    await wallet.handlers['keyspace:unlock']({ name: 'main', password: PASSWORD });
    await waitFor(
      async () => (await getJson(`${server.url}/connected/${publicKey}`)).body.connected,
      'proven after the unlock',
      5000,
    );
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(wallet.snapshot().requests).toEqual([]);
    const posted = postSign(server.url, publicKey, Buffer.from('after unlock'));
    const card = await waitFor(
      () => wallet.snapshot().requests.find((r) => r.preview.text === 'after unlock'),
      'the card',
      10_000,
    );
    if (card === undefined) throw new Error('no card');
    await wallet.handlers['request:approve']({ id: card.id });
    expect((await posted).status).toBe(200);
    expect(wallet.snapshot().requests.filter((r) => r.preview.text.startsWith('sigsocket-proof'))).toEqual([]);
  });
});
