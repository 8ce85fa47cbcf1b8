/**
 * Backups end to end with real parts: a wallet on the real OS keychain, `crypto-cli backup create`,
 * Debian's `age` decrypting what the age-encryption package wrote, and a restore into a fresh data
 * dir and a fresh keychain service that then signs byte for byte as the original (RFC 6979 and
 * ed25519 signatures are deterministic, so equal bytes mean the same keys).
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Wallet } from '../../electron/core/wallet';
import { at } from '../helpers/at';
import { runCliInProcess } from '../helpers/cli';
import { TEST_KDF } from '../helpers/kdf';
import { makeDataDir, uniqueKeychainService } from '../helpers/tmp';
import { clearService, keychainEntries, keychainStore, requireKeychainSession } from '../vault/support';

const run = promisify(execFile);
const PASSWORD = 'keyspace password 1';
const NATS_TOKEN = 'nats-token-that-must-stay-out-unless-asked';
const MESSAGE = 'restored keys sign the same bytes';

describe('backups through age, restored into a fresh wallet', () => {
  const cleanups: Array<() => Promise<void>> = [];
  let source: string;
  let work: string;
  const sourceService = uniqueKeychainService('backup-src');
  let mnemonic: string;
  let recipient: string;

  async function freshDir(prefix: string): Promise<string> {
    const { dir, cleanup } = await makeDataDir(prefix);
    cleanups.push(cleanup);
    return dir;
  }
  function freshService(label: string): string {
    const service = uniqueKeychainService(label);
    cleanups.push(() => clearService(service));
    return service;
  }
  function cli(dataDir: string, service: string, args: string[]) {
    return runCliInProcess(['--data-dir', dataDir, ...args], { env: { WALLET_KEYCHAIN_SERVICE: service } });
  }
  async function signatures(dataDir: string, service: string): Promise<string[]> {
    const out: string[] = [];
    for (const keypair of ['signer', 'ed']) {
      const r = await cli(dataDir, service, [
        '--json',
        'sign',
        'main',
        keypair,
        '--message',
        MESSAGE,
        '--password-file',
        join(work, 'pw.txt'),
      ]);
      expect(r.code, r.stderr).toBe(0);
      out.push(JSON.parse(r.stdout).signature);
    }
    return out;
  }

  beforeAll(async () => {
    requireKeychainSession();
    cleanups.push(() => clearService(sourceService));
    source = await freshDir('backup-src-');
    work = await freshDir('backup-work-');
    await writeFile(join(work, 'pw.txt'), PASSWORD);
    await writeFile(join(work, 'passphrase.txt'), 'a long backup passphrase\n');
    await run('age-keygen', ['-o', join(work, 'identity.txt')]);
    recipient = (await run('age-keygen', ['-y', join(work, 'identity.txt')])).stdout.trim();
    const wallet = await Wallet.open({
      dataDir: source,
      secretStore: 'keychain',
      keychainService: sourceService,
      kdf: TEST_KDF,
      version: '0.0.0-test',
    });
    ({ mnemonic } = await wallet.vault.createKeyspace('main', PASSWORD));
    const signer = await wallet.vault.createKeypair('main', 'signer', { type: 'secp256k1' });
    await wallet.vault.createKeypair('main', 'ed', { type: 'ed25519' });
    await wallet.handlers['nats:configure']({
      enabled: false,
      servers: ['nats://127.0.0.1:4222'],
      subject: 'crypto.scripts',
      keyspace: null,
      tls: null,
      auth: { kind: 'token', token: NATS_TOKEN },
    });
    await wallet.close();
    // A known requester, named through the CLI, so the backup carries contacts too.
    const named = await cli(source, sourceService, ['contacts', 'name', signer.publicKey, 'ops desk']);
    expect(named.code, named.stderr).toBe(0);
  });
  afterAll(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('Debian age decrypts a recipient backup: a versioned document, keyspaces exactly as stored, no NATS secret', async () => {
    const out = join(work, 'recipient.age');
    const made = await cli(source, sourceService, ['backup', 'create', '--out', out, '--recipient', recipient]);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain('1 keyspace (main)');
    const { stdout } = await run('age', ['-d', '-i', join(work, 'identity.txt'), out]);
    const doc = JSON.parse(stdout);
    expect(doc).toMatchObject({ format: 'signing-wallet-backup', version: 1 });
    const stored = await keychainEntries(sourceService);
    const pointer = JSON.parse(stored.get(`rec.${doc.keyspaces[0].id}`)!);
    expect(doc.keyspaces[0].blob).toBe(pointer.value);
    expect(doc.settings.nats.auth).toEqual({ kind: 'token' });
    expect(doc.contacts.requesters.map((c: { name: string }) => c.name)).toEqual(['ops desk']);
    expect(doc.audit.head.seq).toBeGreaterThan(0);
    expect(doc.audit.publicKey).toMatch(/^MCowBQYDK2VwAyEA/);
    expect(stdout).not.toContain(NATS_TOKEN);
    expect(stdout).not.toContain(mnemonic.split(' ').slice(0, 3).join(' '));
    expect(doc.secrets).toBeUndefined();
  });

  it('a restore into a fresh data dir and keychain signs identically, and refuses to overwrite without --replace', async () => {
    const target = await freshDir('backup-dst-');
    const service = freshService('backup-dst');
    const file = join(work, 'recipient.age');
    const identity = join(work, 'identity.txt');
    const restored = await cli(target, service, ['backup', 'restore', '--in', file, '--identity', identity]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('restored 1 keyspace (main)');
    expect(restored.stdout).toContain('settings: restored; policies: absent; contacts: restored');
    const contacts = await cli(target, service, ['contacts', 'list']);
    expect(contacts.stdout).toContain('ops desk');
    expect(await signatures(target, service)).toEqual(await signatures(source, sourceService));

    const again = await cli(target, service, ['backup', 'restore', '--in', file, '--identity', identity]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/keyspace "main" already exists here; --replace overwrites it/);
    const replaced = await cli(target, service, [
      'backup',
      'restore',
      '--in',
      file,
      '--identity',
      identity,
      '--replace',
    ]);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(replaced.stdout).toContain('replacing main');
    expect(await signatures(target, service)).toEqual(await signatures(source, sourceService));
    const index = JSON.parse(await readFile(join(target, 'vault-index.json'), 'utf8'));
    expect(index.keyspaces).toHaveLength(1);
    expect(index.pending).toEqual([]);
  });

  it('a passphrase backup with --include-secrets brings the NATS secret back; a wrong passphrase or a flipped byte fails', async () => {
    const out = join(work, 'passphrase.age');
    const passphrase = join(work, 'passphrase.txt');
    const made = await cli(source, sourceService, [
      'backup',
      'create',
      '--out',
      out,
      '--passphrase-file',
      passphrase,
      '--include-secrets',
    ]);
    expect(made.code, made.stderr).toBe(0);
    expect((await readFile(out)).subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    const target = await freshDir('backup-pass-');
    const service = freshService('backup-pass');
    const wrong = join(work, 'wrong.txt');
    await writeFile(wrong, 'not the backup passphrase');
    const refused = await cli(target, service, ['backup', 'restore', '--in', out, '--passphrase-file', wrong]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/cannot decrypt the backup/);
    const damaged = join(work, 'damaged.age');
    const bytes = await readFile(out);
    bytes[bytes.length - 20] = at(bytes, -20) ^ 1;
    await writeFile(damaged, bytes);
    expect(
      (await cli(target, service, ['backup', 'restore', '--in', damaged, '--passphrase-file', passphrase])).code,
    ).toBe(2);
    const restored = await cli(target, service, ['backup', 'restore', '--in', out, '--passphrase-file', passphrase]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('NATS secret restored');
    const store = await keychainStore(service, target);
    expect((await store.read('nats-auth'))?.value).toBe(NATS_TOKEN);
    expect(await signatures(target, service)).toEqual(await signatures(source, sourceService));
  });

  it('refuses short passphrases, malformed recipients and mixing both', async () => {
    const short = join(work, 'short.txt');
    await writeFile(short, 'too short');
    const out = join(work, 'never.age');
    const r1 = await cli(source, sourceService, ['backup', 'create', '--out', out, '--passphrase-file', short]);
    expect(r1.stderr).toMatch(/at least 12 characters/);
    const r2 = await cli(source, sourceService, ['backup', 'create', '--out', out, '--recipient', 'age1nope']);
    expect(r2.stderr).toMatch(/not an age X25519 recipient/);
    const r3 = await cli(source, sourceService, [
      'backup',
      'create',
      '--out',
      out,
      '--recipient',
      recipient,
      '--passphrase-file',
      short,
    ]);
    expect(r3.stderr).toMatch(/not both/);
    for (const r of [r1, r2, r3]) expect(r.code).toBe(2);
  });
});
