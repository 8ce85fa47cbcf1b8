// Editing a connection never needs its secrets again: the renderer never sees them, so an omitted NATS
// token or SigSocket CA keeps the stored one. A changed auth kind without its secret is refused.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wallet } from '../../electron/core/wallet';
import { at } from '../helpers/at';
import { type NatsHandle, startNats } from '../helpers/nats';
import { openTestWallet } from '../helpers/wallet';
import { waitFor } from '../sigsocket/support';

const TOKEN = 's3cret-token';
let nats: NatsHandle;
let wallet: Wallet;
let dataDir: string;
let close: () => Promise<void>;

beforeAll(async () => {
  nats = await startNats({ config: `authorization { token: "${TOKEN}" }\n` });
  ({ wallet, dataDir, close } = await openTestWallet());
});
afterAll(async () => {
  await close?.();
  await nats?.stop();
});

const base = () => ({ enabled: true, servers: [nats.url], subject: 'crypto.scripts', keyspace: null, tls: null });

describe('connection settings keep their secrets', () => {
  it('an omitted NATS token keeps the stored one, and the connection still authenticates', async () => {
    await wallet.handlers['nats:configure']({ ...base(), auth: { kind: 'token', token: TOKEN } });
    await waitFor(() => wallet.snapshot().nats?.status.state === 'connected', 'connected with the token', 10_000);
    const view = await wallet.handlers['nats:configure']({
      ...base(),
      subject: 'other.subject',
      auth: { kind: 'token' },
    });
    expect(view.subject).toBe('other.subject');
    await waitFor(
      () => wallet.snapshot().nats?.status.state === 'connected',
      'reconnected with the kept token',
      10_000,
    );
    expect(JSON.stringify(wallet.snapshot())).not.toContain(TOKEN);
  });

  it('with the file store, the NATS token is guarded only by file permissions, and the warning says so', async () => {
    await wallet.handlers['nats:configure']({ ...base(), auth: { kind: 'token', token: TOKEN } });
    // What anyone who can read the data dir finds: the token, as is, in an owner-only file.
    const files = await readdir(join(dataDir, 'secrets'));
    const holding = [];
    for (const f of files) {
      const path = join(dataDir, 'secrets', f);
      if ((await readFile(path, 'utf8')).includes(TOKEN)) holding.push(path);
    }
    expect(holding).toHaveLength(1);
    expect((await stat(at(holding, 0))).mode & 0o777).toBe(0o600);
    const shown = wallet.info().secretStore;
    expect(shown.kind).toBe('file');
    expect(shown.warning).toMatch(/NATS token or password is stored there unencrypted/);
    expect(shown.warning).toMatch(/only the file permissions \(owner only\) protect it/);
    expect(shown.warning).not.toMatch(/only your password protects/);
  });

  it('switching to user/password without a password is refused, and the old settings stay', async () => {
    await expect(
      wallet.handlers['nats:configure']({ ...base(), auth: { kind: 'user', user: 'alice' } }),
    ).rejects.toMatchObject({ code: 'bad_input', message: 'enter the NATS password' });
    expect(wallet.settings.nats?.auth).toEqual({ kind: 'token' });
  });

  it('an omitted CA keeps the stored one; null removes it', async () => {
    await wallet.handlers['keyspace:create']({ name: 'main', password: 'password123', words: 12 });
    await wallet.handlers['keypair:create']({ keyspace: 'main', name: 'k', type: 'secp256k1' });
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
    const input = { url: 'wss://127.0.0.1:9/ws', keyspace: 'main', keypair: 'k', dialect: 'json' as const };
    const added = await wallet.handlers['sigsocket:add']({ ...input, ca: pem });
    expect(added.hasCa).toBe(true);
    const kept = await wallet.handlers['sigsocket:update']({ ...input, id: added.id, dialect: 'plain' });
    expect(kept).toMatchObject({ hasCa: true, dialect: 'plain' });
    const removed = await wallet.handlers['sigsocket:update']({ ...input, id: added.id, ca: null });
    expect(removed.hasCa).toBe(false);
    await wallet.handlers['sigsocket:remove']({ id: added.id });
  });
});
