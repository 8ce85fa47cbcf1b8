import { readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AsyncEntry } from '@napi-rs/keyring';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFileStore, SECRETS_DIR } from '../../electron/core/vault/file-store';
import { INDEX_FILE } from '../../electron/core/vault/index-file';
import type { Vault } from '../../electron/core/vault/vault';
import { makeDataDir, uniqueKeychainService } from '../helpers/tmp';
import { openTestVault } from '../helpers/vault';
import { clearService, keychainEntries, keychainVault, PASSWORD, requireKeychainSession } from './support';

const ENTRY_OPTIONS = { linux: { store: 'secret-service' as const } };
const msg = new Uint8Array([1, 2, 3]);

/** Both keyspaces exist with a keypair; `damage` then breaks only "broken". */
async function expectOnlyBrokenFails(open: () => Promise<Vault>, damage: () => Promise<void>, why: RegExp) {
  await damage();
  const v = await open();
  try {
    expect(v.listKeyspaces().map((k) => k.name)).toEqual(['broken', 'fine']);
    await expect(v.unlock('broken', PASSWORD)).rejects.toMatchObject({
      code: 'corrupt',
      message: expect.stringMatching(why),
    });
    await expect(v.unlock('broken', PASSWORD)).rejects.toMatchObject({ message: expect.stringContaining('"broken"') });
    await v.unlock('fine', PASSWORD);
    expect(await v.sign('fine', 'k', msg)).toHaveLength(64);
    await v.createKeypair('fine', 'k2');
    // a damaged keyspace can still be deleted, or the user could never get rid of it
    await v.deleteKeyspace('broken', 'whatever-password');
    expect(v.listKeyspaces().map((k) => k.name)).toEqual(['fine']);
  } finally {
    v.close();
  }
}

describe('corruption: a damaged record fails clearly for its keyspace only', () => {
  beforeAll(() => requireKeychainSession());
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  async function keychainSetup(keypairs = 1) {
    const { dir, cleanup } = await makeDataDir();
    const service = uniqueKeychainService('corrupt');
    cleanups.push(cleanup, () => clearService(service));
    const v = await keychainVault(service, dir);
    await v.createKeyspace('broken', PASSWORD);
    await v.createKeyspace('fine', PASSWORD);
    for (let i = 0; i < keypairs; i++) await v.createKeypair('broken', `b${i}`);
    await v.createKeypair('fine', 'k');
    const ids = JSON.parse(await readFile(join(dir, INDEX_FILE), 'utf8')).keyspaces.map((k: { id: string }) => k.id);
    v.close();
    const entries = await keychainEntries(service);
    const set = (account: string, value: string) => new AsyncEntry(service, account, ENTRY_OPTIONS).setPassword(value);
    const del = (account: string) => new AsyncEntry(service, account, ENTRY_OPTIONS).deletePassword();
    return { open: () => keychainVault(service, dir), brokenId: ids[0] as string, entries, set, del };
  }

  it('keychain: a changed byte inside the encrypted blob', async () => {
    const s = await keychainSetup();
    const pointer = `rec.${s.brokenId}`;
    const json = JSON.parse(s.entries.get(pointer)!);
    const env = JSON.parse(json.value);
    env.ciphertext = (env.ciphertext[0] === 'A' ? 'B' : 'A') + env.ciphertext.slice(1);
    await expectOnlyBrokenFails(
      s.open,
      () => s.set(pointer, JSON.stringify({ ...json, value: JSON.stringify(env) })),
      /damaged/,
    );
  });

  it('keychain: a truncated blob', async () => {
    const s = await keychainSetup();
    const pointer = `rec.${s.brokenId}`;
    const json = JSON.parse(s.entries.get(pointer)!);
    await expectOnlyBrokenFails(
      s.open,
      () => s.set(pointer, JSON.stringify({ ...json, value: json.value.slice(0, 100) })),
      /damaged/,
    );
  });

  it('keychain: a missing chunk of a large blob', async () => {
    const s = await keychainSetup(40);
    const chunk = [...s.entries.keys()].find((a) => a.startsWith(`rec.${s.brokenId}.`) && a.endsWith('.1'))!;
    expect(chunk).toBeDefined();
    await expectOnlyBrokenFails(s.open, async () => void (await s.del(chunk)), /missing chunk/);
  });

  it('keychain: a garbage pointer entry', async () => {
    const s = await keychainSetup();
    await expectOnlyBrokenFails(s.open, () => s.set(`rec.${s.brokenId}`, 'not json at all'), /damaged/);
  });

  it('keychain: the whole record gone', async () => {
    const s = await keychainSetup();
    await expectOnlyBrokenFails(s.open, async () => void (await s.del(`rec.${s.brokenId}`)), /missing from/);
  });

  it.each([
    ['truncated', (f: string) => truncate(f, 200)],
    ['overwritten', (f: string) => writeFile(f, '\u0000'.repeat(64))],
    ['emptied', (f: string) => writeFile(f, '')],
  ])('file store: a %s secret file', async (_what, damage) => {
    const { dir, cleanup } = await makeDataDir();
    cleanups.push(cleanup);
    const open = () => openTestVault(dir, { secretStore: createFileStore(dir) });
    const v = await open();
    await v.createKeyspace('broken', PASSWORD);
    await v.createKeyspace('fine', PASSWORD);
    await v.createKeypair('fine', 'k');
    const id = JSON.parse(await readFile(join(dir, INDEX_FILE), 'utf8')).keyspaces[0].id;
    v.close();
    expect(await readdir(join(dir, SECRETS_DIR))).toContain(`${id}.secret`);
    await expectOnlyBrokenFails(open, () => damage(join(dir, SECRETS_DIR, `${id}.secret`)), /damaged/);
  });

  it('a damaged index file is one clear error naming the file', async () => {
    const { dir, cleanup } = await makeDataDir();
    cleanups.push(cleanup);
    await writeFile(join(dir, INDEX_FILE), '{"version":1,"keyspa');
    await expect(openTestVault(dir)).rejects.toMatchObject({
      code: 'corrupt',
      message: expect.stringContaining(INDEX_FILE),
    });
  });
});
