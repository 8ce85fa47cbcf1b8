import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import * as secp from '@noble/secp256k1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../electron/core/vault';
import { at } from '../helpers/at';
import { type CliWorld, cliWorld, failed, ok } from './cli-helpers';
import { keychainVault, PASSWORD, requireKeychainSession } from './support';

const ANVIL = 'test test test test test test test test test test test junk';
const ANVIL_0 = 'ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

type KeypairJson = { name: string; type: string; public_key: string; path: string | null };

// Every key-management command once through the real entry point (node --import tsx electron/cli/index.ts),
// in order; each step relies on the ones before it. Details and error cases: cli-inprocess.test.ts.
describe.sequential('crypto-cli, spawned: every command end to end on the real keychain', () => {
  let w: CliWorld;
  let pw: string;
  let pw2: string;
  let mnemonic: string;
  let k1: KeypairJson;
  let signature: string;
  beforeAll(async () => {
    requireKeychainSession();
    w = await cliWorld('cli');
    pw = await w.file('pw', `${PASSWORD}\n`);
    pw2 = await w.file('pw2', 'second-password');
    // 'main' is made with test-cheap scrypt; the CLI then decrypts with the stored parameters
    const v = await keychainVault(w.service, w.dir);
    await v.createKeyspace('main', PASSWORD);
    v.close();
  });
  afterAll(() => w.cleanup());

  it('keyspace create (default N=2^17) prints {"keyspace","mnemonic"} once; export-mnemonic shows it again', async () => {
    const out = ok(await w.cli(['--json', 'keyspace', 'create', 'fresh', '--words', '12', '--password-file', pw]));
    expect(Object.keys(out as object)).toEqual(['keyspace', 'mnemonic']);
    mnemonic = (out as { mnemonic: string }).mnemonic;
    expect(mnemonic.split(' ')).toHaveLength(12);
    expect(ok(await w.cli(['keyspace', 'export-mnemonic', 'fresh', '--password-file', pw]))).toBe(mnemonic);
  });

  it('keypair create and keypair import print {"name","type","public_key","path"}', async () => {
    k1 = ok(await w.cli(['--json', 'keypair', 'create', 'main', 'k1', '--password-file', pw])) as KeypairJson;
    expect(k1).toEqual({
      name: 'k1',
      type: 'secp256k1',
      public_key: expect.stringMatching(/^0[23][0-9a-f]{64}$/),
      path: "m/44'/60'/0'/0/0",
    });
    const key = await w.file('key', `0x${ANVIL_0}\n`);
    const imp = ok(
      await w.cli(['--json', 'keypair', 'import', 'main', 'imp', '--private-key-file', key, '--password-file', pw]),
    );
    expect(imp).toEqual({
      name: 'imp',
      type: 'secp256k1',
      public_key: bytesToHex(secp.getPublicKey(hexToBytes(ANVIL_0))),
      path: null,
    });
  });

  it('keyspace list (JSON) and keypair list (text) need no password', async () => {
    const list = ok(await w.cli(['--json', 'keyspace', 'list'])) as Array<{ name: string; keypairs: KeypairJson[] }>;
    expect(list.map((k) => k.name)).toEqual(['main', 'fresh']);
    const main = at(list, 0);
    expect(main.keypairs.map((k) => Object.keys(k))).toEqual([
      ['name', 'type', 'public_key', 'path'],
      ['name', 'type', 'public_key', 'path'],
    ]);
    const text = ok(await w.cli(['keypair', 'list', 'main'])) as string;
    expect(text.split('\n')).toEqual([
      `k1\tsecp256k1\t${k1.public_key}\tm/44'/60'/0'/0/0`,
      `imp\tsecp256k1\t${at(main.keypairs, 1).public_key}\timported`,
    ]);
  });

  it('sign prints {"public_key","signature"} (64-byte hex)', async () => {
    const out = ok(await w.cli(['--json', 'sign', 'main', 'k1', '--message', 'hello', '--password-file', pw]));
    expect(out).toEqual({ public_key: k1.public_key, signature: expect.stringMatching(/^[0-9a-f]{128}$/) });
    signature = (out as { signature: string }).signature;
    expect(verifySignature(k1.public_key, new TextEncoder().encode('hello'), hexToBytes(signature))).toBe(true);
  });

  it('verify exits 0 for a valid signature and 1 for an invalid one', async () => {
    const valid = await w.cli([
      'verify',
      '--public-key',
      k1.public_key,
      '--message',
      'hello',
      '--signature',
      signature,
    ]);
    expect([valid.code, valid.stdout, valid.stderr]).toEqual([0, 'valid\n', '']);
    const invalid = await w.cli([
      'verify',
      '--public-key',
      k1.public_key,
      '--message',
      'hellO',
      '--signature',
      signature,
    ]);
    expect([invalid.code, invalid.stdout, invalid.stderr]).toEqual([1, 'invalid\n', '']);
  });

  it('keypair rename and keypair remove', async () => {
    const renamed = ok(await w.cli(['--json', 'keypair', 'rename', 'main', 'k1', 'renamed', '--password-file', pw]));
    expect(renamed).toEqual({ ...k1, name: 'renamed' });
    expect(ok(await w.cli(['keypair', 'remove', 'main', 'imp', '--password-file', pw]))).toBe(
      'Keypair "imp" removed from keyspace "main".',
    );
  });

  it('keyspace change-password: afterwards the old password is "wrong password"', async () => {
    ok(await w.cli(['keyspace', 'change-password', 'main', '--password-file', pw, '--new-password-file', pw2]));
    expect(failed(await w.cli(['sign', 'main', 'renamed', '--message', 'x', '--password-file', pw]))).toBe(
      'crypto-cli: wrong password',
    );
  });

  it('keyspace import restores a mnemonic typed with any case and spacing', async () => {
    const m = await w.file('mnemonic', `  ${ANVIL.toUpperCase().replaceAll(' ', '   ')}  \n`);
    expect(
      ok(await w.cli(['--json', 'keyspace', 'import', 'anvil', '--mnemonic-file', m, '--password-file', pw])),
    ).toEqual({ keyspace: 'anvil' });
  });

  it('keyspace delete', async () => {
    expect(ok(await w.cli(['keyspace', 'delete', 'fresh', '--password-file', pw]))).toBe('Keyspace "fresh" deleted.');
  });

  it('never printed a stack trace, nor anything on stderr for a success', () => {
    expect(w.runs.length).toBeGreaterThanOrEqual(15);
    for (const r of w.runs) {
      expect(r.stderr).not.toMatch(/\n\s+at /);
      if (r.code === 0) expect(r.stderr).toBe('');
    }
  });
});
