// Tests of keypair operations through a real Vault: derivation, import, lookup, signing and repair.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import * as secp from '@noble/secp256k1';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { at } from '../../../test/helpers/at';
import { makeDataDir } from '../../../test/helpers/tmp';
import { openTestVault } from '../../../test/helpers/vault';
import { createFileStore } from './file-store';
import { INDEX_FILE, loadIndex, saveIndex } from './index-file';
import type { Vault } from './vault';
import { verifySignature } from './verify';

const PW = 'password-1';
const ANVIL = 'test test test test test test test test test test test junk';
const ANVIL_0 = 'ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const ANVIL_1 = '59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const N = secp.Point.CURVE().n;
const msg = new TextEncoder().encode('a message');

describe('Vault keypairs', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  const open: Vault[] = [];
  const vault = async (opts: Parameters<typeof openTestVault>[1] = {}) => {
    const v = await openTestVault(dir, opts);
    open.push(v);
    return v;
  };
  let v: Vault;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeDataDir());
    v = await vault();
    await v.importKeyspace('main', ANVIL, PW);
  });
  afterEach(async () => {
    for (const x of open.splice(0)) x.close();
    await cleanup();
  });

  it("derives secp256k1 at m/44'/60'/0'/0/i and ed25519 at m/44'/148'/i', and signs with both", async () => {
    const a = await v.createKeypair('main', 'a');
    const b = await v.createKeypair('main', 'b');
    const e = await v.createKeypair('main', 'e', { type: 'ed25519' });
    expect(a).toEqual({
      name: 'a',
      type: 'secp256k1',
      publicKey: bytesToHex(secp.getPublicKey(hexToBytes(ANVIL_0))),
      path: "m/44'/60'/0'/0/0",
    });
    expect(b.publicKey).toBe(bytesToHex(secp.getPublicKey(hexToBytes(ANVIL_1))));
    expect(e).toMatchObject({ type: 'ed25519', path: "m/44'/148'/0'" });
    expect(e.publicKey).toMatch(/^[0-9a-f]{64}$/);
    for (const k of [a, b, e]) {
      const sig = await v.sign('main', k.name, msg);
      expect(sig).toHaveLength(64);
      expect(verifySignature(k.publicKey, msg, sig)).toBe(true);
    }
    expect(v.listKeypairs('main').map((k) => k.name)).toEqual(['a', 'b', 'e']);
  });

  it('finds a keypair by name or by public key in any case, and signs by public key', async () => {
    const a = await v.createKeypair('main', 'a');
    expect(v.findKeypair('main', 'a')).toEqual(a);
    expect(v.findKeypair('main', `0x${a.publicKey.toUpperCase()}`)).toEqual(a);
    expect(v.findKeypair('main', 'nope')).toBeUndefined();
    expect(v.findKeypair('no-such-keyspace', 'a')).toBeUndefined();
    const sig = await v.sign('main', a.publicKey, msg);
    expect(verifySignature(a.publicKey, msg, sig)).toBe(true);
    await expect(v.sign('main', 'nope', msg)).rejects.toMatchObject({ code: 'not_found' });
    await expect(v.sign('main', 'a', 'text' as unknown as Uint8Array)).rejects.toMatchObject({ code: 'bad_input' });
  });

  it('hands out the lowest free index, so a removed derived key comes back when created again', async () => {
    const k0 = await v.createKeypair('main', 'k0');
    await v.createKeypair('main', 'k1');
    await v.removeKeypair('main', 'k0');
    const again = await v.createKeypair('main', 'again');
    expect(again).toEqual({ ...k0, name: 'again' });
  });

  it('imports a raw secp256k1 key, kept inside the encrypted keyspace', async () => {
    const k = await v.importKeypair('main', 'imp', `0x${'11'.repeat(32)}`);
    expect(k).toEqual({
      name: 'imp',
      type: 'secp256k1',
      publicKey: bytesToHex(secp.getPublicKey(hexToBytes('11'.repeat(32)))),
      path: null,
    });
    expect(await readFile(join(dir, INDEX_FILE), 'utf8')).not.toContain('11'.repeat(32));
    v.lock('main');
    const w = await vault();
    await w.unlock('main', PW);
    expect(verifySignature(k.publicKey, msg, await w.sign('main', 'imp', msg))).toBe(true);
  });

  it.each([
    ['not hex', 'zz'.repeat(32), 'bad_input', /64 hex/],
    ['too short', 'ab'.repeat(31), 'bad_input', /64 hex/],
    ['zero', '00'.repeat(32), 'bad_input', /not a valid secp256k1 key/],
    ['the curve order', N.toString(16), 'bad_input', /not a valid secp256k1 key/],
  ])('refuses an imported key that is %s', async (_what, hex, code, message) => {
    await expect(v.importKeypair('main', 'x', hex)).rejects.toMatchObject({
      code,
      message: expect.stringMatching(message),
    });
    expect(v.listKeypairs('main')).toEqual([]);
  });

  it('refuses a taken name or a key already present', async () => {
    await v.createKeypair('main', 'a');
    await expect(v.createKeypair('main', 'a', { type: 'ed25519' })).rejects.toMatchObject({ code: 'exists' });
    await expect(v.importKeypair('main', 'dup', ANVIL_0)).rejects.toMatchObject({
      code: 'exists',
      message: expect.stringContaining('"a"'),
    });
    await expect(v.importKeypair('main', 'a', '22'.repeat(32))).rejects.toMatchObject({ code: 'exists' });
    await expect(v.createKeypair('main', 'x', { type: 'rsa' as 'ed25519' })).rejects.toMatchObject({
      code: 'bad_input',
    });
  });

  it('renames and removes keypairs; a removed one cannot sign', async () => {
    await v.createKeypair('main', 'a');
    await v.createKeypair('main', 'b');
    await expect(v.renameKeypair('main', 'a', 'b')).rejects.toMatchObject({ code: 'exists' });
    await expect(v.renameKeypair('main', 'zz', 'c')).rejects.toMatchObject({ code: 'not_found' });
    await v.renameKeypair('main', 'a', 'c');
    await v.removeKeypair('main', 'b');
    await expect(v.removeKeypair('main', 'b')).rejects.toMatchObject({ code: 'not_found' });
    await expect(v.sign('main', 'b', msg)).rejects.toMatchObject({ code: 'not_found' });
    expect(v.listKeypairs('main').map((k) => k.name)).toEqual(['c']);
    const w = await vault();
    await w.unlock('main', PW);
    expect(w.listKeypairs('main').map((k) => k.name)).toEqual(['c']);
  });

  it('needs the keyspace unlocked to change keypairs, but lists them while locked', async () => {
    await v.createKeypair('main', 'a');
    v.lock('main');
    expect(v.listKeypairs('main').map((k) => k.name)).toEqual(['a']);
    await expect(v.createKeypair('main', 'b')).rejects.toMatchObject({ code: 'locked' });
    await expect(v.renameKeypair('main', 'a', 'b')).rejects.toMatchObject({ code: 'locked' });
    await expect(v.removeKeypair('main', 'a')).rejects.toMatchObject({ code: 'locked' });
    expect(() => v.listKeypairs('nope')).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('never signs with a key other than the one the index shows, and repairs a tampered index', async () => {
    const a = await v.createKeypair('main', 'a');
    v.lock('main');
    const index = await loadIndex(dir);
    const fake = bytesToHex(secp.getPublicKey(hexToBytes('33'.repeat(32))));
    at(at(index.keyspaces, 0).keypairs, 0).publicKey = fake;
    await saveIndex(dir, index);
    const w = await vault();
    expect(w.findKeypair('main', 'a')?.publicKey).toBe(fake);
    await w.unlock('main', PW);
    await expect(w.sign('main', fake, msg)).rejects.toMatchObject({ code: 'corrupt' });
    await w.refresh(); // waits for the queued repair
    expect(w.findKeypair('main', 'a')?.publicKey).toBe(a.publicKey);
    expect(verifySignature(a.publicKey, msg, await w.sign('main', 'a', msg))).toBe(true);
  });

  it('the encrypted payload wins over a stale index: unlock brings the index up to date', async () => {
    await v.createKeypair('main', 'a');
    const before = await readFile(join(dir, INDEX_FILE), 'utf8');
    const b = await v.createKeypair('main', 'b', { type: 'ed25519' });
    await v.renameKeypair('main', 'a', 'a2');
    v.close();
    await writeFile(join(dir, INDEX_FILE), before); // as if killed between the secret write and the index write
    const w = await vault();
    expect(w.listKeypairs('main').map((k) => k.name)).toEqual(['a']);
    const changed: string[][] = [];
    w.on('changed', (s) => changed.push(at(s, 0).keypairs.map((k) => k.name)));
    await w.unlock('main', PW);
    expect(w.listKeypairs('main').map((k) => k.name)).toEqual(['a2', 'b']);
    expect(w.findKeypair('main', 'b')).toEqual(b);
    expect(changed).toEqual([['a2', 'b']]);
  });

  it('two processes writing the same keyspace both keep their changes (compare-and-swap)', async () => {
    const other = await vault();
    await other.unlock('main', PW);
    await v.createKeypair('main', 'from-v');
    await other.createKeypair('main', 'from-other'); // stale: adopts v's payload, then adds its own
    await v.renameKeypair('main', 'from-v', 'renamed'); // stale again
    const third = await vault();
    await third.unlock('main', PW);
    expect(third.listKeypairs('main').map((k) => k.name)).toEqual(['renamed', 'from-other']);
    // a password changed elsewhere locks the stale session instead of writing under the old key
    await third.changePassword('main', PW, 'another-password');
    await expect(v.createKeypair('main', 'late')).rejects.toMatchObject({ code: 'locked' });
    expect(v.isUnlocked('main')).toBe(false);
  });

  it('finishes a keyspace creation interrupted before the index write (intent log)', async () => {
    const store = createFileStore(dir);
    const index = await loadIndex(dir);
    const t = Date.now();
    index.pending.push({ id: 'aaaaaaaaaaaaaaaa', op: 'create', store: 'file', at: t - 120_000 });
    index.pending.push({ id: 'bbbbbbbbbbbbbbbb', op: 'create', store: 'file', at: t });
    await saveIndex(dir, index);
    await store.write('aaaaaaaaaaaaaaaa', 'orphan');
    await store.write('bbbbbbbbbbbbbbbb', 'in progress elsewhere');
    await vault({ secretStore: store });
    expect(await store.read('aaaaaaaaaaaaaaaa')).toBeNull();
    expect((await store.read('bbbbbbbbbbbbbbbb'))?.value).toBe('in progress elsewhere');
    expect((await loadIndex(dir)).pending.map((p) => p.id)).toEqual(['bbbbbbbbbbbbbbbb']);
  });
});
