import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDataDir } from '../../../test/helpers/tmp';
import { DEFAULT_SETTINGS, SettingsStore } from './settings-store';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await makeDataDir());
});
afterEach(() => cleanup());

describe('SettingsStore', () => {
  it('starts from defaults and persists changes across reopen', async () => {
    const store = await SettingsStore.open(dir);
    expect(store.settings).toEqual(DEFAULT_SETTINGS);
    await store.updateSettings({ autoLockMinutes: 5, theme: 'dark' });
    const added = await store.addSigsocket({
      url: 'ws://127.0.0.1:1/ws',
      keyspace: 'main',
      keypair: 'signer',
      dialect: 'json',
      ca: null,
    });
    await store.setNats({
      enabled: true,
      servers: ['nats://127.0.0.1:4222'],
      subject: 'crypto.scripts',
      keyspace: null,
      auth: { kind: 'user', user: 'alice' },
      tls: null,
    });
    const again = await SettingsStore.open(dir);
    expect(again.settings).toMatchObject({ autoLockMinutes: 5, theme: 'dark' });
    expect(again.sigsocket).toEqual([added]);
    expect(again.nats?.auth).toEqual({ kind: 'user', user: 'alice' });
  });

  it('never writes a NATS secret to the file', async () => {
    const store = await SettingsStore.open(dir);
    await store.setNats({
      enabled: true,
      servers: ['nats://127.0.0.1:4222'],
      subject: 's',
      keyspace: null,
      auth: { kind: 'user', user: 'alice', pass: 'hunter2' } as never,
      tls: null,
    });
    expect(await readFile(join(dir, 'settings.json'), 'utf8')).not.toContain('hunter2');
  });

  it('rejects invalid values and keeps the old ones', async () => {
    const store = await SettingsStore.open(dir);
    await expect(store.updateSettings({ autoLockMinutes: 0 })).rejects.toThrow();
    expect(store.settings.autoLockMinutes).toBe(15);
    await expect(store.removeSigsocket('nope')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('a damaged file is a clear error, not a silent reset', async () => {
    await writeFile(join(dir, 'settings.json'), '{"version":1,"settings":{"theme":"pink"}}');
    await expect(SettingsStore.open(dir)).rejects.toMatchObject({ code: 'corrupt' });
    await writeFile(join(dir, 'settings.json'), '{oops');
    await expect(SettingsStore.open(dir)).rejects.toThrow(/not valid JSON/);
  });

  it('a file written before "Check for updates" existed loads with it on; turning it off sticks', async () => {
    const older = { autoLockMinutes: 7, raiseOnRequest: false, notifications: true, theme: 'dark' };
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ version: 1, settings: older }));
    const store = await SettingsStore.open(dir);
    expect(store.settings).toEqual({ ...older, checkForUpdates: true });
    await store.updateSettings({ checkForUpdates: false });
    await store.updateSettings({ theme: 'light' });
    expect((await SettingsStore.open(dir)).settings).toMatchObject({ checkForUpdates: false, theme: 'light' });
  });

  it('filling in new keys never makes a damaged settings value valid', async () => {
    for (const settings of ['"dark"', '[]', '{"checkForUpdates":"yes"}']) {
      await writeFile(join(dir, 'settings.json'), `{"version":1,"settings":${settings}}`);
      await expect(SettingsStore.open(dir), settings).rejects.toMatchObject({ code: 'corrupt' });
    }
  });
});
