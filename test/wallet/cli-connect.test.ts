/**
 * `crypto-cli connect` as a user runs it (from source, the project's SigSocket server): it connects,
 * answers POST /sign through the approval queue with a signature that verifies, logs one line per
 * request and the reconnects to stderr (never the message), and exits 0 on SIGTERM.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretStore } from '../../electron/core/vault/secret-store';
import { Vault } from '../../electron/core/vault/vault';
import { verifySignature } from '../../electron/core/vault/verify';
import { spawnCli } from '../helpers/cli';
import { TEST_KDF } from '../helpers/kdf';
import { type SigsocketHandle, startSigsocket } from '../helpers/sigsocket';
import { makeDataDir } from '../helpers/tmp';
import { postSign } from '../sigsocket/support';

let server: SigsocketHandle;
let data: Awaited<ReturnType<typeof makeDataDir>>;
let passwordFile: string;
let publicKey: string;

beforeAll(async () => {
  server = await startSigsocket(['--timeout-ms', '10000', '--reconnect-grace-ms', '0']);
  data = await makeDataDir();
  passwordFile = join(data.dir, 'pw.txt');
  await writeFile(passwordFile, 'connect password\n');
  const vault = await Vault.open({
    dataDir: join(data.dir, 'wallet'),
    secretStore: await createSecretStore({ kind: 'file', dataDir: join(data.dir, 'wallet') }),
    kdf: TEST_KDF,
  });
  await vault.createKeyspace('main', 'connect password');
  ({ publicKey } = await vault.createKeypair('main', 'signer'));
  vault.close();
});
afterAll(async () => {
  await server?.stop();
  await data?.cleanup();
});

function waitForText(read: () => string, text: RegExp, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (text.test(read())) return resolve();
      if (Date.now() > deadline) return reject(new Error(`no ${text} on stderr within ${ms} ms:\n${read()}`));
      setTimeout(tick, 25);
    };
    tick();
  });
}

describe('crypto-cli connect', () => {
  it('serves POST /sign with --approve auto, logs each request and reconnects, and exits 0 on SIGTERM', async () => {
    const child = spawnCli([
      '--data-dir',
      join(data.dir, 'wallet'),
      '--secret-store',
      'file',
      'connect',
      '--sigsocket',
      server.wsUrl,
      '--keyspace',
      'main',
      '--keypair',
      'signer',
      '--password-file',
      passwordFile,
      '--approve',
      'auto',
    ]);
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      await waitForText(() => stderr, /sigsocket: connected/);
      expect(stderr).toMatch(/WARNING: --approve auto/);
      const res = await postSign(server.url, publicKey, Buffer.from('transfer 3 coins'));
      expect(res.status).toBe(200);
      const signature = Buffer.from(String(res.body.signature), 'base64');
      expect(verifySignature(publicKey, Buffer.from('transfer 3 coins'), signature)).toBe(true);
      await waitForText(() => stderr, /request \S+: signed \(16 bytes/);
      expect(stderr).not.toContain('transfer 3 coins');

      await server.kill();
      await waitForText(() => stderr, /sigsocket: reconnecting in/);
      await server.restart();
      await waitForText(() => stderr, /sigsocket: connected[\s\S]*sigsocket: connected/);
      expect((await postSign(server.url, publicKey, Buffer.from('after restart'))).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
