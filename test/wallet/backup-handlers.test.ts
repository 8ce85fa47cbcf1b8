/**
 * Settings → Backup through the contract, as a renderer (or an attacker in its place) would call it:
 * the core picks where a backup goes, answers with its path only, and rejects malformed requests.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, type Dispatch } from '../../electron/core/wallet/dispatch';
import { openTestWallet } from '../helpers/wallet';

const PASSPHRASE = 'backup passphrase for tests';

describe('backup channels', () => {
  let w: Awaited<ReturnType<typeof openTestWallet>>;
  let call: Dispatch;
  beforeAll(async () => {
    w = await openTestWallet();
    call = createDispatcher(w.wallet.handlers);
    await w.wallet.vault.createKeyspace('main', 'keyspace password');
    await w.wallet.vault.createKeypair('main', 'k', { type: 'ed25519' });
  });
  afterAll(() => w.close());

  it('reminds until a backup exists, writes it into the backups folder, and answers with its path only', async () => {
    expect(await call('backup:status', undefined)).toMatchObject({
      ok: true,
      value: { lastBackupAt: null, changedSince: true },
    });
    const made = await call('backup:create', { passphrase: PASSPHRASE, path: '/tmp/elsewhere.age' });
    expect(made.ok).toBe(true);
    const value = (made as { value: { path: string; keyspaces: number } }).value;
    expect(Object.keys(value).sort()).toEqual(['createdAt', 'keyspaces', 'path']);
    expect(value.path.startsWith(join(w.dataDir, 'backups'))).toBe(true);
    expect(await readdir(join(w.dataDir, 'backups'))).toHaveLength(1);
    expect((await readFile(value.path)).subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    const status = await call('backup:status', undefined);
    expect(status).toMatchObject({ ok: true, value: { changedSince: false } });
    await w.wallet.vault.createKeypair('main', 'k2', { type: 'ed25519' });
    expect(await call('backup:status', undefined)).toMatchObject({ ok: true, value: { changedSince: true } });

    // Restoring over the unlocked keyspace: refused without replace; with it, locked first, then the backup's keys.
    const file = (await readFile(value.path)).toString('base64');
    const refused = await call('backup:restore', { file, passphrase: PASSPHRASE });
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringMatching(/already exists/) } });
    const restored = await call('backup:restore', { file, passphrase: PASSPHRASE, replace: true });
    expect(restored).toEqual({ ok: true, value: { restored: ['main'], replaced: ['main'] } });
    expect(w.wallet.vault.isUnlocked('main')).toBe(false);
    expect(
      w.wallet.vault
        .listKeyspaces()
        .find((k) => k.name === 'main')
        ?.keypairs.map((k) => k.name),
    ).toEqual(['k']);
  });

  it('refuses a passphrase together with recipients, a short passphrase, and a file that is not a backup', async () => {
    const both = await call('backup:create', { passphrase: PASSPHRASE, recipients: ['age1x'] });
    expect(both).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    const short = await call('backup:create', { passphrase: 'short' });
    expect(short).toMatchObject({
      ok: false,
      error: { code: 'bad_input', message: expect.stringMatching(/12 characters/) },
    });
    const junk = await call('backup:restore', {
      file: Buffer.from('not age at all').toString('base64'),
      passphrase: PASSPHRASE,
    });
    expect(junk).toMatchObject({
      ok: false,
      error: { code: 'bad_input', message: expect.stringMatching(/cannot decrypt/) },
    });
    const noOpener = await call('backup:restore', { file: '' });
    expect(noOpener).toMatchObject({ ok: false, error: { code: 'bad_input' } });
  });
});
