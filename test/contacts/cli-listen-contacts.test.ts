/**
 * Who asks, at `crypto-cli listen --approve ask`'s terminal prompt: a real nats-server, requests signed
 * by independent keys, the CLI as a process. A key's first request says NEW REQUESTER, its next one
 * "unnamed requester (asked before…)", a name given with `crypto-cli contacts name` in another
 * process shows at once, and another key claiming that name is flagged with both fingerprints.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import * as secp from '@noble/secp256k1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../electron/core/contacts/fingerprint';
import { REQUESTER_NAME_HEADER, signRequest } from '../../electron/core/nats';
import { createSecretStore } from '../../electron/core/vault/secret-store';
import { Vault } from '../../electron/core/vault/vault';
import { REPO_ROOT, runCliInProcess } from '../helpers/cli';
import { TEST_KDF } from '../helpers/kdf';
import { makeDataDir } from '../helpers/tmp';
import { client, type NatsHandle, startNats } from '../nats/fixture';

const SUBJECT = 'crypto.scripts';
const PASSWORD = 'listen contacts pw';
const keyOf = (secret: Uint8Array) => Buffer.from(secp.getPublicKey(secret, true)).toString('hex');
const words = (secret: Uint8Array) => fingerprintOf(secp.getPublicKey(secret, true)).words.join(' ');

/** A signed JSON sign request claiming `name`; resolves with the reply text. */
function ask(nc: NatsConnection, secret: Uint8Array, name: string, message: string): Promise<string> {
  const body = JSON.stringify({ op: 'sign', keyspace: 'space', keypair: 'key', message });
  const h = headers();
  for (const [k, v] of Object.entries(signRequest(SUBJECT, body, secret))) h.set(k, v);
  h.set(REQUESTER_NAME_HEADER, name);
  return nc.request(SUBJECT, body, { headers: h, timeout: 30_000 }).then((m) => m.string());
}

describe('crypto-cli listen --approve ask: who asks', () => {
  let server: NatsHandle;
  let nc: NatsConnection;
  let data: Awaited<ReturnType<typeof makeDataDir>>;
  let child: ChildProcess | undefined;
  const walletDir = () => join(data.dir, 'wallet');

  beforeAll(async () => {
    server = await startNats();
    nc = await client(server);
    data = await makeDataDir('listen-contacts-');
    await writeFile(join(data.dir, 'pw'), `${PASSWORD}\n`);
    const dataDir = walletDir();
    const vault = await Vault.open({
      dataDir,
      secretStore: await createSecretStore({ kind: 'file', dataDir }),
      kdf: TEST_KDF,
    });
    await vault.createKeyspace('space', PASSWORD);
    await vault.createKeypair('space', 'key');
    vault.close();
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await nc?.close();
    await server?.stop();
    await data?.cleanup();
  });

  it('new on first contact, unnamed after, named from another terminal, an impostor flagged', async () => {
    const globals = ['--data-dir', walletDir(), '--secret-store', 'file'];
    // stdin stays open: the prompt reads one answer line per request.
    child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        resolve(REPO_ROOT, 'electron/cli/index.ts'),
        ...globals,
        'listen',
        '--server',
        server.url,
        '--password-file',
        join(data.dir, 'pw'),
        '--keyspace',
        'space',
        '--approve',
        'ask',
      ],
      { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    /** The prompt text after `from`, once the `count`-th "Approve?" is on stderr. */
    const prompt = async (count: number) => {
      const deadline = Date.now() + 30_000;
      while (stderr.split('Approve?').length - 1 < count) {
        if (Date.now() > deadline) throw new Error(`no prompt ${count}:\n${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const parts = stderr.split('Approve?');
      return parts[count - 1];
    };
    const answer = (line: string) => child!.stdin!.write(`${line}\n`);
    while (!stderr.includes(`listening on ${SUBJECT}`)) await new Promise((r) => setTimeout(r, 50));

    const billing = secp.utils.randomSecretKey();
    const mallory = secp.utils.randomSecretKey();
    const first = ask(nc, billing, 'Billing', 'one');
    const p1 = await prompt(1);
    expect(p1).toContain('NEW REQUESTER (first request from this key)');
    expect(p1).toContain(words(billing));
    expect(p1).toContain('calls itself "Billing" (a claim, not proof)');
    expect(p1).toContain(`to name it: crypto-cli contacts name ${keyOf(billing)} NAME`);
    answer('y');
    expect(JSON.parse(await first).signature).toBeTruthy();

    const second = ask(nc, billing, 'Billing', 'two');
    const p2 = await prompt(2);
    expect(p2).toMatch(/unnamed requester \(asked before, first seen \d{4}-\d\d-\d\dT/);
    expect(p2).not.toContain('NEW REQUESTER');
    answer('y');
    await second;

    const named = await runCliInProcess([...globals, 'contacts', 'name', keyOf(billing), 'Billing']);
    expect(named.code).toBe(0);
    // The listener follows contacts.json; its next prompt names the key.
    await new Promise((r) => setTimeout(r, 1500));
    const third = ask(nc, billing, 'Billing', 'three');
    const p3 = await prompt(3);
    expect(p3).toContain(`known requester Billing: `);
    expect(p3).toContain(words(billing));
    answer('y');
    await third;

    const fake = ask(nc, mallory, 'billing', 'four');
    const p4 = await prompt(4);
    expect(p4).toContain('!! NOT Billing: this request claims the name "billing" but is signed with a different key');
    expect(p4).toContain(words(billing));
    expect(p4).toContain(words(mallory));
    answer('n');
    expect(await fake).toMatch(/reject/i);

    child.kill('SIGTERM');
    await new Promise((r) => child!.once('close', r));
    const seen = JSON.parse(await readFile(join(walletDir(), 'seen-requesters.json'), 'utf8'));
    expect(seen.keys.map((k: { key: string }) => k.key).sort()).toEqual([keyOf(billing), keyOf(mallory)].sort());
  }, 90_000);
});
