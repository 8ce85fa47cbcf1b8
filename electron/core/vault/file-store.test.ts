// Tests of the file secret store.
import { readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { at } from '../../../test/helpers/at';
import { makeDataDir } from '../../../test/helpers/tmp';
import { createFileStore, SECRETS_DIR } from './file-store';
import { VersionConflict } from './store-types';

const ID = 'fedcba9876543210';

describe('file store', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeDataDir()));
  afterEach(() => cleanup());

  it('keeps each record in a 0600 file inside a 0700 directory and says so, with its warning', async () => {
    const store = createFileStore(dir);
    await store.write(ID, 'sealed');
    const secrets = join(dir, SECRETS_DIR);
    expect((await stat(secrets)).mode & 0o777).toBe(0o700);
    const file = at(await readdir(secrets), 0);
    expect((await stat(join(secrets, file))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(secrets, file), 'utf8')).toBe('sealed');
    expect(store.describe()).toMatchObject({ kind: 'file', warning: expect.stringMatching(/not in the OS keychain/) });
  });

  it('reads, rewrites with compare-and-swap, and removes', async () => {
    const store = createFileStore(dir);
    expect(await store.read(ID)).toBeNull();
    const v1 = await store.write(ID, 'one', { expectedVersion: null });
    await expect(store.write(ID, 'x', { expectedVersion: null })).rejects.toBeInstanceOf(VersionConflict);
    const v2 = await store.write(ID, 'two', { expectedVersion: v1 });
    await expect(store.write(ID, 'x', { expectedVersion: v1 })).rejects.toBeInstanceOf(VersionConflict);
    expect(await store.read(ID)).toEqual({ value: 'two', version: v2 });
    await store.remove(ID);
    await store.remove(ID);
    expect(await store.read(ID)).toBeNull();
  });

  it('collects temporary files a killed writer left, once they are old', async () => {
    const store = createFileStore(dir);
    await store.write(ID, 'one');
    const tmp = join(dir, SECRETS_DIR, `.${ID}.secret.abc.tmp`);
    await writeFile(tmp, 'half');
    await store.collectGarbage(60_000);
    expect(await readdir(join(dir, SECRETS_DIR))).toContain(`.${ID}.secret.abc.tmp`);
    const old = new Date(Date.now() - 120_000);
    await utimes(tmp, old, old);
    await store.collectGarbage(60_000);
    expect(await readdir(join(dir, SECRETS_DIR))).toEqual([`${ID}.secret`]);
  });

  it('refuses ids that are not plain names', async () => {
    const store = createFileStore(dir);
    await expect(store.write('../escape', 'x')).rejects.toMatchObject({ code: 'bad_input' });
  });
});
