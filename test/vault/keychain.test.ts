import { AsyncEntry } from '@napi-rs/keyring';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHUNK_CHARS } from '../../electron/core/vault/keychain-store';
import { runCli } from '../helpers/cli';
import { makeDataDir, uniqueKeychainService } from '../helpers/tmp';
import {
  clearService,
  keychainEntries,
  keychainStore,
  keychainVault,
  PASSWORD,
  requireKeychainSession,
  secretToolSearch,
} from './support';

const ENTRY_OPTIONS = { linux: { store: 'secret-service' as const } };

describe('the real OS keychain (gnome-keyring over the Secret Service)', () => {
  beforeAll(() => requireKeychainSession());
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });
  async function setup() {
    const { dir, cleanup } = await makeDataDir();
    const service = uniqueKeychainService('kc');
    cleanups.push(cleanup, () => clearService(service));
    return { dir, service };
  }

  it('stores a keyspace under the configured service and opens it from another Vault', async () => {
    const { dir, service } = await setup();
    const a = await keychainVault(service, dir);
    await a.createKeyspace('main', PASSWORD);
    const k = await a.createKeypair('main', 'k', { type: 'ed25519' });
    a.close();
    const listed = await secretToolSearch(service);
    expect(listed).toMatch(new RegExp(`attribute\\.service = ${service}`));
    const b = await keychainVault(service, dir);
    await b.unlock('main', PASSWORD);
    expect(b.findKeypair('main', 'k')).toEqual(k);
    expect(b.describeSecretStore()).toEqual({
      kind: 'keychain',
      description: `OS keychain (Secret Service), service "${service}"`,
      warning: null,
    });
    b.close();
  });

  it('splits a large record into entries of at most 2000 characters and reads it back', async () => {
    const { dir, service } = await setup();
    const store = await keychainStore(service, dir);
    const value = 'v'.repeat(CHUNK_CHARS * 2 + 123);
    const version = await store.write('0123456789abcdef', value);
    expect(await store.read('0123456789abcdef')).toEqual({ value, version });
    const entries = await keychainEntries(service);
    expect(entries.size).toBe(4); // pointer + 3 chunks
    for (const v of entries.values()) expect(v.length).toBeLessThanOrEqual(2000);
    await store.remove('0123456789abcdef');
    expect((await keychainEntries(service)).size).toBe(0);
  });

  it('collects a generation a killed writer left behind, and spares one that may still be in progress', async () => {
    const { dir, service } = await setup();
    const v = await keychainVault(service, dir);
    await v.createKeyspace('main', PASSWORD);
    v.close();
    const [pointer] = [...(await keychainEntries(service)).keys()];
    const old = `${pointer}.${(Date.now() - 3_600_000).toString(36)}-deadbeef.0`;
    const young = `${pointer}.${Date.now().toString(36)}-cafecafe.0`;
    await new AsyncEntry(service, old, ENTRY_OPTIONS).setPassword('half written');
    await new AsyncEntry(service, young, ENTRY_OPTIONS).setPassword('being written');
    (await keychainVault(service, dir)).close(); // opening collects with the default 60 s grace
    const left = [...(await keychainEntries(service)).keys()].sort();
    expect(left).toEqual([pointer, young].sort());
  });

  it('deleting a keyspace removes every entry it had', async () => {
    const { dir, service } = await setup();
    const v = await keychainVault(service, dir);
    await v.createKeyspace('a', PASSWORD);
    await v.createKeyspace('b', PASSWORD);
    for (let i = 0; i < 30; i++) await v.createKeypair('a', `k${i}`); // large enough to be chunked
    expect((await keychainEntries(service)).size).toBeGreaterThan(2);
    await v.deleteKeyspace('a', PASSWORD);
    expect((await keychainEntries(service)).size).toBe(1);
    v.close();
  });

  it('without a Secret Service the CLI refuses with what to install, and suggests the file store', async () => {
    const { dir } = await setup();
    const r = await runCli(['--data-dir', dir, 'keyspace', 'list'], {
      env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no OS keychain.*install.*gnome-keyring.*--secret-store file/);
  });
});
