// Tests of the vault index file.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDataDir } from '../../../test/helpers/tmp';
import { emptyIndex, INDEX_FILE, loadIndex, saveIndex } from './index-file';

describe('index file', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeDataDir()));
  afterEach(() => cleanup());

  it('is empty when missing and round-trips through an atomic 0600 write', async () => {
    expect(await loadIndex(dir)).toEqual(emptyIndex());
    const data = emptyIndex();
    data.keyspaces.push({
      id: '0123456789abcdef',
      name: 'main',
      store: 'keychain',
      generation: 3,
      keypairs: [{ name: 'k', type: 'ed25519', publicKey: 'ab'.repeat(32), path: "m/44'/148'/0'" }],
    });
    await saveIndex(dir, data);
    expect(await loadIndex(dir)).toEqual(data);
    expect((await stat(join(dir, INDEX_FILE))).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(join(dir, INDEX_FILE), 'utf8')).version).toBe(1);
  });

  it.each([
    ['not JSON', '{"version":1,'],
    ['a wrong shape', '{"version":1,"keyspaces":[{"name":"x"}]}'],
    [
      'a bad public key',
      `{"version":1,"keyspaces":[{"id":"0123456789abcdef","name":"a","store":"file","keypairs":[{"name":"k","type":"secp256k1","publicKey":"zz","path":null}]}]}`,
    ],
    [
      'a duplicate name',
      `{"version":1,"keyspaces":[${['0123456789abcdef', 'fedcba9876543210'].map((id) => `{"id":"${id}","name":"a","store":"file","keypairs":[]}`).join(',')}]}`,
    ],
  ])('a damaged index (%s) is a clear "corrupt" error naming the file', async (_what, text) => {
    await writeFile(join(dir, INDEX_FILE), text);
    await expect(loadIndex(dir)).rejects.toMatchObject({
      code: 'corrupt',
      message: expect.stringContaining(join(dir, INDEX_FILE)),
    });
  });
});
