// A connection with several URLs for one server (instances of a cluster): the wallet fails over from a
// dead first URL to the next, and the URLs are kept in the settings and shown in the view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wallet } from '../../electron/core/wallet';
import { freePort } from '../helpers/ports';
import { type SigsocketHandle, startSigsocket } from '../helpers/sigsocket';
import { openTestWallet } from '../helpers/wallet';
import { getJson, waitFor } from '../sigsocket/support';

let server: SigsocketHandle;
let wallet: Wallet;
let close: () => Promise<void>;

beforeAll(async () => {
  server = await startSigsocket();
  ({ wallet, close } = await openTestWallet({ secretStore: 'keychain' }));
});
afterAll(async () => {
  await close?.();
  await server?.stop();
});

describe('SigSocket failover between a server URLs', () => {
  it('a dead first URL is left for the next one; the alternates are stored and shown', async () => {
    await wallet.handlers['keyspace:create']({ name: 'main', password: 'correct horse battery', words: 24 });
    const { publicKey } = await wallet.handlers['keypair:create']({
      keyspace: 'main',
      name: 'signer',
      type: 'secp256k1',
    });
    const dead = `ws://127.0.0.1:${await freePort()}/ws`;
    const view = await wallet.handlers['sigsocket:add']({
      url: dead,
      alternateUrls: [server.wsUrl],
      keyspace: 'main',
      keypair: 'signer',
      dialect: 'auto',
      ca: null,
    });
    expect(view.alternateUrls).toEqual([server.wsUrl]);
    await waitFor(
      async () => (await getJson(`${server.url}/connected/${publicKey}`)).body.connected,
      'connected through the alternate URL',
      10_000,
    );
    expect(wallet.snapshot().sigsocket.find((s) => s.id === view.id)).toMatchObject({
      url: dead,
      alternateUrls: [server.wsUrl],
    });
    await expect(
      wallet.handlers['sigsocket:add']({
        url: server.wsUrl,
        alternateUrls: ['http://not-a-ws-url'],
        keyspace: 'main',
        keypair: 'signer',
        dialect: 'auto',
        ca: null,
      }),
    ).rejects.toThrow();
  });
});
