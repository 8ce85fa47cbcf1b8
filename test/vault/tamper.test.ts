// Someone who can write the keychain (or the secrets dir) but does not know the password tries to make
// the wallet open something other than the keyspace's current secret: another keyspace's blob, an
// older copy of the same one (from before a password change), or a blob that demands absurd scrypt cost.
import { createCipheriv, createHash, randomBytes, scryptSync } from 'node:crypto';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AsyncEntry } from '@napi-rs/keyring';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFileStore, SECRETS_DIR } from '../../electron/core/vault/file-store';
import { INDEX_FILE } from '../../electron/core/vault/index-file';
import { makeDataDir, uniqueKeychainService } from '../helpers/tmp';
import { openTestVault } from '../helpers/vault';
import { clearService, keychainEntries, keychainVault, PASSWORD, requireKeychainSession } from './support';

const ENTRY_OPTIONS = { linux: { store: 'secret-service' as const } };
const NEW_PASSWORD = 'a-brand-new-password';
const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

describe('a tampered secret store: swapped, rolled back or hostile blobs are refused as corrupt', () => {
  beforeAll(() => requireKeychainSession());
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  async function world() {
    const { dir, cleanup } = await makeDataDir();
    const service = uniqueKeychainService('tamper');
    cleanups.push(cleanup, () => clearService(service));
    /** The id the index gives keyspace `name`. */
    const idOf = async (name: string): Promise<string> => {
      const index = JSON.parse(await readFile(join(dir, INDEX_FILE), 'utf8')) as {
        keyspaces: { name: string; id: string }[];
      };
      const entry = index.keyspaces.find((k) => k.name === name);
      if (entry === undefined) throw new Error(`the index has no keyspace named ${name}`);
      return entry.id;
    };
    /** The attacker's own access: the raw keychain entries, through the Secret Service. */
    const pointer = async (id: string) => (await keychainEntries(service)).get(`rec.${id}`)!;
    const setPointer = (id: string, value: string) =>
      new AsyncEntry(service, `rec.${id}`, ENTRY_OPTIONS).setPassword(value);
    return { dir, service, open: () => keychainVault(service, dir), idOf, pointer, setPointer };
  }

  it("another keyspace's blob under the same password does not open in its place", async () => {
    const w = await world();
    const v = await w.open();
    await v.createKeyspace('alice', PASSWORD);
    await v.createKeyspace('bob', PASSWORD);
    await v.createKeypair('alice', 'k');
    const bobKey = (await v.createKeypair('bob', 'k')).publicKey;
    v.close();
    await w.setPointer(await w.idOf('bob'), await w.pointer(await w.idOf('alice')));

    const again = await w.open();
    try {
      await expect(again.unlock('bob', PASSWORD)).rejects.toMatchObject({
        code: 'corrupt',
        message: expect.stringMatching(/"bob".*another keyspace/),
      });
      expect(again.isUnlocked('bob')).toBe(false);
      expect(again.findKeypair('bob', 'k')?.publicKey).toBe(bobKey);
      await again.unlock('alice', PASSWORD);
    } finally {
      again.close();
    }
  });

  it('the blob from before a password change does not come back with the old password', async () => {
    const w = await world();
    const v = await w.open();
    await v.createKeyspace('main', PASSWORD);
    await v.createKeypair('main', 'k');
    const id = await w.idOf('main');
    const beforeChange = await w.pointer(id);
    await v.changePassword('main', PASSWORD, NEW_PASSWORD);
    v.close();
    // The old password leaked, so the user changed it; the attacker restores the old blob.
    await w.setPointer(id, beforeChange);

    const again = await w.open();
    try {
      for (const password of [PASSWORD, NEW_PASSWORD]) {
        await expect(again.unlock('main', password)).rejects.toMatchObject({
          code: 'corrupt',
          message: expect.stringMatching(/rolled back/),
        });
      }
      expect(again.isUnlocked('main')).toBe(false);
    } finally {
      again.close();
    }
  });

  it('a removed keypair does not come back by restoring an older blob', async () => {
    const w = await world();
    const v = await w.open();
    await v.createKeyspace('main', PASSWORD);
    await v.importKeypair('main', 'leaked', '7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6');
    const id = await w.idOf('main');
    const withLeaked = await w.pointer(id);
    await v.removeKeypair('main', 'leaked');
    v.close();
    await w.setPointer(id, withLeaked);

    const again = await w.open();
    try {
      await expect(again.unlock('main', PASSWORD)).rejects.toMatchObject({ code: 'corrupt' });
      expect(again.listKeypairs('main')).toEqual([]);
    } finally {
      again.close();
    }
  });

  it('a blob from an earlier version of the wallet still opens, becomes format 2 on its next write, and cannot be restored after', async () => {
    const w = await world();
    const id = randomBytes(8).toString('hex');
    const legacy = formatOneEnvelope(PASSWORD, { v: 1, mnemonic: MNEMONIC, keypairs: [] });
    await writeFile(
      join(w.dir, INDEX_FILE),
      JSON.stringify({ version: 1, keyspaces: [{ id, name: 'old', store: 'keychain', keypairs: [] }], pending: [] }),
    );
    const legacyPointer = JSON.stringify({ v: 1, gen: `${Date.now().toString(36)}-0badc0de`, value: legacy });
    await w.setPointer(id, legacyPointer);

    const v = await w.open();
    await v.unlock('old', PASSWORD);
    expect(JSON.parse(JSON.parse(await w.pointer(id)).value).version).toBe(1);
    await v.createKeypair('old', 'k');
    const written = JSON.parse(JSON.parse(await w.pointer(id)).value);
    expect(written).toMatchObject({ version: 2, keyspace: id, generation: 1 });
    expect(JSON.parse(await readFile(join(w.dir, INDEX_FILE), 'utf8')).keyspaces[0].generation).toBe(1);
    v.close();

    await w.setPointer(id, legacyPointer);
    const again = await w.open();
    try {
      await expect(again.unlock('old', PASSWORD)).rejects.toMatchObject({
        code: 'corrupt',
        message: expect.stringMatching(/rolled back/),
      });
    } finally {
      again.close();
    }
  });

  it.each([
    ['512 MiB of scrypt memory', { N: 2 ** 20, r: 4, p: 1 }],
    ['8 parallel lanes', { N: 2 ** 10, r: 8, p: 8 }],
  ])('a blob demanding %s is refused before scrypt runs, and costs the owner no attempt', async (_what, cost) => {
    const w = await world();
    const v = await w.open();
    await v.createKeyspace('main', PASSWORD);
    v.close();
    const id = await w.idOf('main');
    const ptr = JSON.parse(await w.pointer(id));
    const hostile = formatOneEnvelope('attacker password', { v: 1, mnemonic: MNEMONIC, keypairs: [] }, cost);
    await w.setPointer(id, JSON.stringify({ ...ptr, value: hostile }));

    const again = await w.open();
    try {
      for (let i = 0; i < 6; i++) {
        await expect(again.unlock('main', PASSWORD)).rejects.toMatchObject({
          code: 'corrupt',
          message: expect.stringMatching(/scrypt parameters/),
        });
      }
    } finally {
      again.close();
    }
  });

  it('file store: restoring an older secret file is refused the same way', async () => {
    const { dir, cleanup } = await makeDataDir();
    cleanups.push(cleanup);
    const open = () => openTestVault(dir, { secretStore: createFileStore(dir) });
    const v = await open();
    await v.createKeyspace('main', PASSWORD);
    const id = JSON.parse(await readFile(join(dir, INDEX_FILE), 'utf8')).keyspaces[0].id;
    const file = join(dir, SECRETS_DIR, `${id}.secret`);
    await copyFile(file, `${file}.saved`);
    await v.changePassword('main', PASSWORD, NEW_PASSWORD);
    v.close();
    await copyFile(`${file}.saved`, file);
    const again = await open();
    try {
      await expect(again.unlock('main', PASSWORD)).rejects.toMatchObject({ code: 'corrupt' });
    } finally {
      again.close();
    }
  });
});

/**
 * A format-1 envelope as docs/vault-format.md specified it (no keyspace, no generation), made with
 * node:crypto alone. With a cost given, only the header claims it: the blob is never meant to open.
 */
function formatOneEnvelope(password: string, payload: unknown, cost?: { N: number; r: number; p: number }): string {
  const salt = randomBytes(16);
  const params = cost ?? { N: 2 ** 12, r: 8, p: 1 };
  const key = cost ? randomBytes(32) : scryptSync(password.normalize('NFC'), salt, 32, params);
  const kdf = { name: 'scrypt', ...params, salt: salt.toString('base64') };
  const nonce = randomBytes(12).toString('base64');
  const header = { format: 'signing-wallet/keyspace', version: 1 };
  const aad = Buffer.from(JSON.stringify({ ...header, kdf, cipher: { name: 'aes-256-gcm', nonce } }));
  const cipher = createCipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64'));
  cipher.setAAD(aad);
  const body = Buffer.from(JSON.stringify(payload));
  const ciphertext = Buffer.concat([cipher.update(body), cipher.final(), cipher.getAuthTag()]).toString('base64');
  const checksum = createHash('sha256').update(aad).update(ciphertext).digest('hex');
  return JSON.stringify({ ...header, kdf, cipher: { name: 'aes-256-gcm', nonce }, ciphertext, checksum });
}
