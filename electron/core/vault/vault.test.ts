// Tests of keyspace operations through a real Vault: create, unlock, lock, rename, delete, passwords, backoff.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { at } from '../../../test/helpers/at';
import { makeDataDir } from '../../../test/helpers/tmp';
import { openTestVault } from '../../../test/helpers/vault';
import { createFileStore, SECRETS_DIR } from './file-store';
import type { Vault } from './vault';

const PW = 'password-1';
const ANVIL = 'test test test test test test test test test test test junk';

describe('Vault keyspaces', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  const open: Vault[] = [];
  const vault = async (opts: Parameters<typeof openTestVault>[1] = {}) => {
    const v = await openTestVault(dir, opts);
    open.push(v);
    return v;
  };
  beforeEach(async () => ({ dir, cleanup } = await makeDataDir()));
  afterEach(async () => {
    for (const v of open.splice(0)) v.close();
    await cleanup();
  });

  it('creates a keyspace from a new 24-word mnemonic (12 on request), unlocked, and announces it', async () => {
    const v = await vault();
    const events: string[] = [];
    v.on('changed', (s) => events.push(`changed:${s.map((k) => k.name).join(',')}`));
    v.on('unlocked', (n) => events.push(`unlocked:${n}`));
    const { mnemonic } = await v.createKeyspace('main', PW);
    const { mnemonic: short } = await v.createKeyspace('small', PW, { words: 12 });
    expect(mnemonic.split(' ')).toHaveLength(24);
    expect(short.split(' ')).toHaveLength(12);
    expect(v.listKeyspaces()).toEqual([
      { name: 'main', locked: false, keypairs: [] },
      { name: 'small', locked: false, keypairs: [] },
    ]);
    expect(events).toEqual(['changed:main', 'unlocked:main', 'changed:main,small', 'unlocked:small']);
    expect(await v.revealMnemonic('main', PW)).toBe(mnemonic);
  });

  it('another process lists keyspaces and public keys while locked, and unlocks with the password', async () => {
    const a = await vault();
    await a.importKeyspace('main', ANVIL, PW);
    const kp = await a.createKeypair('main', 'first');
    const b = await vault();
    expect(b.listKeyspaces()).toEqual([{ name: 'main', locked: true, keypairs: [kp] }]);
    expect(b.isUnlocked('main')).toBe(false);
    await expect(b.sign('main', 'first', new Uint8Array(1))).rejects.toMatchObject({ code: 'locked' });
    await expect(b.unlock('main', 'wrong-password')).rejects.toMatchObject({
      code: 'wrong_password',
      message: 'wrong password',
    });
    await b.unlock('main', PW);
    expect(b.isUnlocked('main')).toBe(true);
    expect((await b.sign('main', 'first', new Uint8Array(1))).length).toBe(64);
  });

  it('rejects bad input with clear errors', async () => {
    const v = await vault();
    await v.createKeyspace('main', PW);
    await expect(v.createKeyspace('main', PW)).rejects.toMatchObject({ code: 'exists' });
    await expect(v.importKeyspace('main', ANVIL, PW)).rejects.toMatchObject({ code: 'exists' });
    await expect(
      v.importKeyspace('x', 'test test nope test test test test test test test test junk', PW),
    ).rejects.toThrow(/word 3 "nope"/);
    await expect(v.createKeyspace('y', 'short')).rejects.toMatchObject({ code: 'bad_input' });
    await expect(v.createKeyspace(' y', PW)).rejects.toMatchObject({ code: 'bad_input' });
    await expect(v.unlock('nope', PW)).rejects.toMatchObject({ code: 'not_found' });
    expect(() => v.lock('nope')).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(v.listKeyspaces().map((k) => k.name)).toEqual(['main']);
  });

  it('locking one keyspace leaves the others unlocked; lockAll locks the rest', async () => {
    const v = await vault();
    await v.createKeyspace('a', PW);
    await v.createKeyspace('b', PW);
    const locked: string[] = [];
    v.on('locked', (n) => locked.push(n));
    v.lock('a');
    expect([v.isUnlocked('a'), v.isUnlocked('b')]).toEqual([false, true]);
    await v.createKeypair('b', 'k');
    await expect(v.createKeypair('a', 'k')).rejects.toMatchObject({ code: 'locked' });
    v.lockAll();
    expect(locked).toEqual(['a', 'b']);
    expect(v.listKeyspaces().every((k) => k.locked)).toBe(true);
  });

  it('renames a keyspace while locked, and refuses a taken name', async () => {
    const v = await vault();
    await v.createKeyspace('a', PW);
    await v.createKeyspace('b', PW);
    v.lock('a');
    await expect(v.renameKeyspace('a', 'b')).rejects.toMatchObject({ code: 'exists' });
    await v.renameKeyspace('a', 'c');
    await v.unlock('c', PW);
    expect(v.listKeyspaces().map((k) => k.name)).toEqual(['c', 'b']);
  });

  it('deletes only with the password, and removes the secret from the store', async () => {
    const v = await vault();
    await v.createKeyspace('a', PW);
    await v.createKeyspace('b', PW);
    await expect(v.deleteKeyspace('a', 'wrong-password')).rejects.toMatchObject({ code: 'wrong_password' });
    expect(v.isUnlocked('a')).toBe(true);
    await v.deleteKeyspace('a', PW);
    expect(v.listKeyspaces().map((k) => k.name)).toEqual(['b']);
    expect(await readdir(join(dir, SECRETS_DIR))).toHaveLength(1);
    expect(JSON.parse(await readFile(join(dir, 'vault-index.json'), 'utf8')).pending).toEqual([]);
  });

  it('changes the password: the old one stops working, the open session keeps working', async () => {
    const v = await vault();
    await v.createKeyspace('a', PW);
    await v.changePassword('a', PW, 'new-password');
    await expect(v.changePassword('a', PW, 'other-password')).rejects.toMatchObject({ code: 'wrong_password' });
    await v.createKeypair('a', 'after'); // sealed under the new key
    const w = await vault();
    await expect(w.unlock('a', PW)).rejects.toMatchObject({ code: 'wrong_password' });
    await w.unlock('a', 'new-password');
    expect(w.listKeypairs('a').map((k) => k.name)).toEqual(['after']);
    await expect(v.changePassword('a', 'new-password', 'short')).rejects.toMatchObject({ code: 'bad_input' });
  });

  it('after 5 wrong passwords in a row, refuses even the right one until the wait is over', async () => {
    let now = 5_000_000;
    const v = await vault({ clock: () => now });
    await v.createKeyspace('a', PW);
    await v.createKeyspace('b', PW);
    v.lockAll();
    for (let i = 0; i < 5; i++) {
      await expect(v.unlock('a', `wrong-${i}-password`)).rejects.toMatchObject({ code: 'wrong_password' });
    }
    await expect(v.unlock('a', PW)).rejects.toMatchObject({ code: 'retry_later', details: { retryAfterMs: 1000 } });
    await expect(v.revealMnemonic('a', PW)).rejects.toMatchObject({ code: 'retry_later' });
    await v.unlock('b', PW); // other keyspaces are not delayed
    now += 1000;
    await expect(v.unlock('a', 'wrong-again')).rejects.toMatchObject({ code: 'wrong_password' });
    await expect(v.unlock('a', PW)).rejects.toMatchObject({ code: 'retry_later', details: { retryAfterMs: 2000 } });
    now += 2000;
    await v.unlock('a', PW);
    v.lock('a');
    await expect(v.unlock('a', 'wrong-once')).rejects.toMatchObject({ code: 'wrong_password' });
    await v.unlock('a', PW); // success reset the count
  });

  it('locks itself after the idle time; signing keeps it unlocked', async () => {
    // Generous margins: a loaded CI machine can stretch every sleep and scrypt call.
    const v = await vault({ autoLockMs: 1000 });
    await v.importKeyspace('a', ANVIL, PW);
    await v.createKeyspace('b', PW);
    await v.createKeypair('a', 'k');
    const locked: string[] = [];
    v.on('locked', (n) => locked.push(n));
    // Signing every 150 ms for 1.8 s: longer than the idle limit, so only the touches keep 'a' open.
    for (let i = 0; i < 12; i++) {
      await sleep(150);
      await v.sign('a', 'k', new Uint8Array([i]));
    }
    expect(v.isUnlocked('a')).toBe(true);
    expect(locked).toEqual(['b']);
    await sleep(1500);
    expect(locked).toEqual(['b', 'a']);
    await expect(v.sign('a', 'k', new Uint8Array(1))).rejects.toMatchObject({ code: 'locked' });
  });

  it('close() locks everything', async () => {
    const v = await vault();
    await v.createKeyspace('a', PW);
    v.close();
    expect(v.isUnlocked('a')).toBe(false);
  });

  it('unlocks with the real default scrypt parameters (N=2^17, r=8, p=1)', async () => {
    const v = await vault({ kdf: undefined });
    await v.createKeyspace('real', PW);
    const file = at(await readdir(join(dir, SECRETS_DIR)), 0);
    expect(JSON.parse(await readFile(join(dir, SECRETS_DIR, file), 'utf8')).kdf).toMatchObject({
      N: 2 ** 17,
      r: 8,
      p: 1,
    });
    const w = await vault({ kdf: { N: 2 ** 10 } }); // a lower default never changes how stored data is read
    await w.unlock('real', PW);
    expect(w.isUnlocked('real')).toBe(true);
  });

  it('a create that the store refuses leaves nothing behind', async () => {
    const real = createFileStore(dir);
    const refusing = { ...real, write: async () => Promise.reject(new Error('keychain said no')) };
    const v = await vault({ secretStore: refusing });
    await expect(v.createKeyspace('a', PW)).rejects.toThrow('keychain said no');
    expect(v.listKeyspaces()).toEqual([]);
    expect(v.isUnlocked('a')).toBe(false);
    expect(JSON.parse(await readFile(join(dir, 'vault-index.json'), 'utf8'))).toMatchObject({
      keyspaces: [],
      pending: [],
    });
  });

  it('reports the secret store honestly', async () => {
    const v = await vault({ secretStore: createFileStore(dir) });
    expect(v.describeSecretStore()).toMatchObject({ kind: 'file', warning: expect.any(String) });
  });
});
