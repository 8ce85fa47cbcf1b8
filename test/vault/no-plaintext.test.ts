import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bytesToHex } from '@noble/hashes/utils.js';
import { mnemonicToEntropy } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivePrivateKey } from '../../electron/core/vault/derivation';
import { mnemonicSeed } from '../../electron/core/vault/mnemonic';
import { type CliWorld, cliWorld, ok } from './cli-helpers';
import { PASSWORD, requireKeychainSession, secretToolSearch } from './support';

const IMPORTED = '5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a';

/** Every form in which a secret could leak: the phrase, any two adjacent words, and keys in hex and base64. */
async function secretForms(mnemonic: string, extraKeys: string[]): Promise<string[]> {
  const words = mnemonic.split(' ');
  const seed = await mnemonicSeed(mnemonic);
  const keys = [
    bytesToHex(derivePrivateKey(seed, 'secp256k1', 0)),
    bytesToHex(derivePrivateKey(seed, 'ed25519', 0)),
    ...extraKeys,
  ];
  return [
    mnemonic,
    ...words.slice(1).map((w, i) => `${words[i]} ${w}`),
    bytesToHex(mnemonicToEntropy(mnemonic, wordlist)),
    bytesToHex(seed),
    ...keys,
    ...keys.map((k) => Buffer.from(k, 'hex').toString('base64')),
    PASSWORD,
  ];
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out;
}

function expectNoSecret(where: string, text: string, forms: string[]): void {
  const lower = text.toLowerCase();
  for (const f of forms) {
    expect(lower.includes(f.toLowerCase()), `${where} contains a secret (${f.length} chars)`).toBe(false);
  }
}

describe('no plaintext secret in the keychain, the data dir or the output', () => {
  let w: CliWorld;
  let mnemonic: string;
  let createOut: string;
  beforeAll(async () => {
    requireKeychainSession();
    w = await cliWorld('plain');
    const pw = await w.file('pw', PASSWORD);
    const key = await w.file('key', IMPORTED);
    const created = await w.cli(['--json', 'keyspace', 'create', 'main', '--password-file', pw]);
    createOut = created.stdout;
    mnemonic = (ok(created) as { mnemonic: string }).mnemonic;
    ok(await w.inproc(['keypair', 'create', 'main', 'k', '--password-file', pw]));
    ok(await w.inproc(['keypair', 'create', 'main', 'e', '--type', 'ed25519', '--password-file', pw]));
    ok(await w.inproc(['keypair', 'import', 'main', 'imp', '--private-key-file', key, '--password-file', pw]));
    ok(await w.inproc(['sign', 'main', 'imp', '--message', 'hi', '--password-file', pw]));
    ok(await w.inproc(['--json', 'keyspace', 'list']));
    // the opt-in file store keeps the same envelope in the data dir
    const m = await w.file('m', mnemonic);
    const filed = await w.inproc([
      '--secret-store',
      'file',
      'keyspace',
      'import',
      'filed',
      '--mnemonic-file',
      m,
      '--password-file',
      pw,
    ]);
    expect(filed.code).toBe(0);
  });
  afterAll(() => w.cleanup());

  it('secret-tool lists the entries, and none holds the mnemonic or a key', async () => {
    const listed = await secretToolSearch(w.service);
    expect(listed).toMatch(/attribute\.username = rec\.[0-9a-f]{16}/);
    expect(listed).toMatch(/secret = \{"v":1,"gen":/);
    expectNoSecret('secret-tool output', listed, await secretForms(mnemonic, [IMPORTED]));
  });

  it('no file in the data dir holds one (index, backoff state, file-store envelopes)', async () => {
    const files = await filesUnder(w.dir);
    expect(files.map((f) => f.slice(w.dir.length + 1)).sort()).toEqual(
      expect.arrayContaining(['vault-index.json', expect.stringMatching(/^secrets\/[0-9a-f]{16}\.secret$/)]),
    );
    const forms = await secretForms(mnemonic, [IMPORTED]);
    for (const f of files) expectNoSecret(f, await readFile(f, 'latin1'), forms);
  });

  it('no stderr and no output other than the one create shows the mnemonic', async () => {
    const forms = await secretForms(mnemonic, [IMPORTED]);
    expect(createOut).toContain(mnemonic);
    for (const r of w.runs) {
      expectNoSecret('stderr', r.stderr, forms);
      if (r.stdout !== createOut) expectNoSecret('stdout', r.stdout, forms);
    }
  });
});
