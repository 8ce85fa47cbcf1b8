import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import * as secp from '@noble/secp256k1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../electron/core/vault';
import { at } from '../helpers/at';
import { openTestVault } from '../helpers/vault';
import { type CliWorld, cliWorld, failed, ok } from './cli-helpers';
import { keychainStore, PASSWORD, requireKeychainSession } from './support';

describe('crypto-cli in-process: details and every error as one clear line', () => {
  let w: CliWorld;
  let pw: string;
  let wrongPw: string;
  beforeAll(async () => {
    requireKeychainSession();
    w = await cliWorld('clierr');
    pw = await w.file('pw', PASSWORD);
    wrongPw = await w.file('wrong', 'not-the-password');
    // set up with test-cheap scrypt in-process; the CLI then decrypts with the stored parameters
    const v = await openTestVault(w.dir, { secretStore: await keychainStore(w.service, w.dir) });
    await v.createKeyspace('main', PASSWORD);
    await v.createKeypair('main', 'k');
    v.close();
  });
  afterAll(() => w.cleanup());

  it("keypair create --type ed25519 derives at m/44'/148'/i'", async () => {
    const e = ok(
      await w.inproc(['--json', 'keypair', 'create', 'main', 'e1', '--type', 'ed25519', '--password-file', pw]),
    );
    expect(e).toEqual({
      name: 'e1',
      type: 'ed25519',
      public_key: expect.stringMatching(/^[0-9a-f]{64}$/),
      path: "m/44'/148'/0'",
    });
  });

  it('sign takes the raw bytes of --message-file and a keypair by public key; verify --json', async () => {
    const k = at(
      ok(await w.inproc(['--json', 'keypair', 'list', 'main'])) as Array<{ name: string; public_key: string }>,
      0,
    );
    const bytes = new Uint8Array([0, 255, 10, 13, 0]);
    const file = await w.file('msg.bin', bytes);
    const sig = ok(
      await w.inproc(['sign', 'main', k.public_key, '--message-file', file, '--password-file', pw]),
    ) as string;
    expect(verifySignature(k.public_key, bytes, hexToBytes(sig))).toBe(true);
    const v = await w.inproc([
      '--json',
      'verify',
      '--public-key',
      k.public_key,
      '--message-file',
      file,
      '--signature',
      sig,
    ]);
    expect(ok(v)).toEqual({ valid: true });
    const bad = await w.inproc([
      '--json',
      'verify',
      '--public-key',
      k.public_key,
      '--message',
      'x',
      '--signature',
      sig,
    ]);
    expect([bad.code, bad.stdout]).toEqual([1, '{"valid":false}\n']);
  });

  it('an imported mnemonic gives the keys other BIP44 wallets derive', async () => {
    const m = await w.file('anvil', 'test test test test test test test test test test test junk');
    ok(await w.inproc(['keyspace', 'import', 'anvil', '--mnemonic-file', m, '--password-file', pw]));
    const k = ok(await w.inproc(['--json', 'keypair', 'create', 'anvil', 'a0', '--password-file', pw]));
    const priv = hexToBytes('ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
    expect(k).toMatchObject({ public_key: bytesToHex(secp.getPublicKey(priv)) });
  });

  it('text output: keyspace list', async () => {
    const text = ok(await w.inproc(['keyspace', 'list'])) as string;
    expect(text.split('\n')[0]).toBe('main (2 keypairs)');
  });

  it.each([
    [['keyspace', 'list', 'extra'], /too many arguments/],
    [['bogus'], /unknown command 'bogus'/],
    [['keypair', 'create'], /missing required argument 'keyspace'/],
    [['keyspace', 'create', 'x', '--words', '13'], /--words.*13.*invalid|Allowed choices/i],
    [['--secret-store', 'cloud', 'keyspace', 'list'], /Allowed choices are keychain, file/],
    [['verify', '--public-key', 'zz', '--message', 'm', '--signature', '00'], /public key must be hex/],
    [['verify', '--public-key', 'ab'.repeat(20), '--message', 'm', '--signature', '00'], /32 \(ed25519\) or 33\/65/],
    [['verify', '--public-key', `02${'ab'.repeat(32)}`, '--signature', '00'], /exactly one of --message/],
  ])('usage: %j', async (args, message) => {
    expect(failed(await w.inproc(args as string[]))).toMatch(message);
  });

  it.each([
    ['a missing keyspace', ['sign', 'nope', 'k', '--message', 'm'], /no keyspace named "nope"/],
    ['a missing keypair', ['sign', 'main', 'nope', '--message', 'm'], /no keypair "nope"/],
    ['a taken keypair name', ['keypair', 'create', 'main', 'k'], /already exists/],
    ['a taken keyspace name', ['keyspace', 'create', 'main'], /a keyspace named "main" already exists/],
    ['a wrong password', ['keyspace', 'export-mnemonic', 'main'], /^crypto-cli: wrong password$/],
    ['both message options', ['sign', 'main', 'k', '--message', 'm', '--message-file', '/etc/hostname'], /exactly one/],
  ])('%s', async (what, args, message) => {
    const file = what === 'a wrong password' ? wrongPw : pw;
    expect(failed(await w.inproc([...(args as string[]), '--password-file', file]))).toMatch(message);
  });

  it('bad hex, an invalid key and a bad mnemonic each get their own message', async () => {
    const badHex = await w.file('bad-hex', 'xyz');
    expect(
      failed(await w.inproc(['keypair', 'import', 'main', 'i', '--private-key-file', badHex, '--password-file', pw])),
    ).toMatch(/64 hex characters/);
    const zero = await w.file('zero', '00'.repeat(32));
    expect(
      failed(await w.inproc(['keypair', 'import', 'main', 'i', '--private-key-file', zero, '--password-file', pw])),
    ).toMatch(/not a valid secp256k1 key/);
    const badWord = await w.file('m1', 'test test test test test test test test test bananas test junk');
    expect(failed(await w.inproc(['keyspace', 'import', 'x', '--mnemonic-file', badWord, '--password-file', pw]))).toBe(
      'crypto-cli: word 10 "bananas" is not in the BIP39 English word list',
    );
    const badSum = await w.file('m2', 'test test test test test test test test test test test test');
    expect(
      failed(await w.inproc(['keyspace', 'import', 'x', '--mnemonic-file', badSum, '--password-file', pw])),
    ).toMatch(/checksum/);
  });

  it('with no --password-file and stdin not a terminal, it says how to pass the password', async () => {
    expect(failed(await w.inproc(['sign', 'main', 'k', '--message', 'm']))).toMatch(
      /no password given: use --password-file FILE \(stdin is not a terminal/,
    );
  });

  it('an unreadable or empty password file is a clear error', async () => {
    expect(
      failed(await w.inproc(['sign', 'main', 'k', '--message', 'm', '--password-file', '/nonexistent/pw'])),
    ).toMatch(/cannot read the password file \/nonexistent\/pw: ENOENT/);
    const empty = await w.file('empty', '\n');
    expect(failed(await w.inproc(['sign', 'main', 'k', '--message', 'm', '--password-file', empty]))).toMatch(
      /is empty/,
    );
  });

  it('with --json, errors are one JSON line too', async () => {
    const line = failed(await w.inproc(['--json', 'sign', 'nope', 'k', '--message', 'm', '--password-file', pw]));
    expect(JSON.parse(line)).toEqual({ error: { code: 'not_found', message: 'no keyspace named "nope"' } });
  });

  it('the opt-in file store works, warns visibly, and keeps its file at 0600', async () => {
    const r = await w.inproc(['--secret-store', 'file', '--json', 'keyspace', 'create', 'f', '--password-file', pw]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: Secrets are kept in files in the data dir, not in the OS keychain/);
    expect(r.stderr).toMatch(/NATS token or password is stored there unencrypted: only the file permissions/);
    const { keyspaces } = JSON.parse(await readFile(join(w.dir, 'vault-index.json'), 'utf8'));
    const id = keyspaces.find((k: { name: string }) => k.name === 'f').id;
    expect((await stat(join(w.dir, 'secrets', `${id}.secret`))).mode & 0o777).toBe(0o600);
    // the keychain run names where the keyspace lives instead of failing obscurely
    expect(failed(await w.inproc(['sign', 'f', 'x', '--message', 'm', '--password-file', pw]))).toMatch(
      /keyspace "f" is kept in the file store/,
    );
  });
});

describe('crypto-cli, spawned: failures are one line on stderr with exit 2', () => {
  let w: CliWorld;
  beforeAll(async () => {
    requireKeychainSession();
    w = await cliWorld('clispawn');
  });
  afterAll(() => w.cleanup());

  it('a usage error', async () => {
    expect(failed(await w.cli(['keypair', 'create']))).toBe("crypto-cli: missing required argument 'keyspace'");
  });

  it('a vault error as JSON', async () => {
    const line = failed(await w.cli(['--json', 'keypair', 'list', 'nope']));
    expect(JSON.parse(line)).toEqual({ error: { code: 'not_found', message: 'no keyspace named "nope"' } });
  });
});
