/**
 * `crypto-cli connect` as a user runs it (from source, the project's SigSocket server): it connects,
 * answers POST /sign through the approval queue with a signature that verifies, logs one line per
 * request and the reconnects to stderr (never the message), and exits 0 on SIGTERM. It opens the core
 * the way the app does: the file store's warning is printed, and wss:// servers are held to the pins
 * in the data dir.
 */
import type { ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactBook } from '../../electron/core/contacts';
import { createSecretStore, FILE_STORE_WARNING } from '../../electron/core/vault/secret-store';
import { Vault } from '../../electron/core/vault/vault';
import { verifySignature } from '../../electron/core/vault/verify';
import { spawnCli } from '../helpers/cli';
import { TEST_KDF } from '../helpers/kdf';
import { type SigsocketHandle, startSigsocket } from '../helpers/sigsocket';
import { makeTestCa } from '../helpers/tls-certs';
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

/** `crypto-cli connect` with --approve auto on the test keypair, its stderr collected. */
function connect(url: string, extra: string[] = []) {
  const child = spawnCli([
    '--data-dir',
    join(data.dir, 'wallet'),
    '--secret-store',
    'file',
    'connect',
    '--sigsocket',
    url,
    '--keyspace',
    'main',
    '--keypair',
    'signer',
    '--password-file',
    passwordFile,
    '--approve',
    'auto',
    ...extra,
  ]);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  // A death by signal resolves to the signal's name, so a failure says which one ended the process.
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('close', (code, signal) => resolve(code ?? signal)),
  );
  return { child: child as ChildProcess, stderr: () => stderr, exited };
}

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
    const { child, stderr: read, exited } = connect(server.wsUrl);
    try {
      await waitForText(read, /sigsocket: connected/);
      expect(read()).toMatch(/WARNING: --approve auto/);
      expect(read()).toContain(`warning: ${FILE_STORE_WARNING}`);
      const res = await postSign(server.url, publicKey, Buffer.from('transfer 3 coins'));
      expect(res.status).toBe(200);
      const signature = Buffer.from(String(res.body.signature), 'base64');
      expect(verifySignature(publicKey, Buffer.from('transfer 3 coins'), signature)).toBe(true);
      await waitForText(read, /request \S+: signed \(16 bytes/);
      expect(read()).not.toContain('transfer 3 coins');

      await server.kill();
      await waitForText(read, /sigsocket: reconnecting in/);
      await server.restart();
      await waitForText(read, /sigsocket: connected[\s\S]*sigsocket: connected/);
      expect((await postSign(server.url, publicKey, Buffer.from('after restart'))).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});

describe('crypto-cli connect: wss:// pins', () => {
  it('pins a server on first use and pauses, never introducing itself, when it later shows another key', {
    timeout: 120_000,
  }, async () => {
    const ca = makeTestCa();
    const first = ca.leaf('first');
    const second = ca.leaf('second');
    const live = ca.leaf('live');
    ca.install(first, live);
    const tls = await startSigsocket(['--tls-cert', live.cert, '--tls-key', live.key, '--reconnect-grace-ms', '0']);
    const caFile = join(data.dir, 'ca.pem');
    await writeFile(caFile, ca.caPem);
    const url = `wss://127.0.0.1:${tls.port}/ws`;
    const introductions = () => tls.logs().filter((l) => l.event === 'introduced').length;
    try {
      const run1 = connect(url, ['--ca', caFile]);
      try {
        await waitForText(run1.stderr, /sigsocket: connected/);
        expect(introductions()).toBeGreaterThan(0);
      } finally {
        run1.child.kill('SIGTERM');
      }
      expect(await run1.exited).toBe(0);
      const book = await ContactBook.open(join(data.dir, 'wallet'));
      expect(book.pin(`127.0.0.1:${tls.port}`)?.spki).toBe(first.spkiSha256);
      const introduced = introductions();

      // The same address now shows another key that the CA still vouches for: TLS alone would accept it.
      await tls.kill();
      ca.install(second, live);
      await tls.restart();
      const run2 = connect(url, ['--ca', caFile]);
      try {
        await waitForText(run2.stderr, /sigsocket: error: paused: the server certificate changed/);
        expect(run2.stderr()).toContain(`pinned ${first.spkiSha256}, shown ${second.spkiSha256}`);
        expect(run2.stderr()).not.toMatch(/sigsocket: connected/);
        expect(introductions()).toBe(introduced);
        // Paused, it waits for the key to be accepted or for a signal; it never just exits by itself.
        await new Promise((r) => setTimeout(r, 1_000));
        expect(run2.child.exitCode).toBeNull();
        expect(run2.child.signalCode).toBeNull();
      } finally {
        run2.child.kill('SIGTERM');
      }
      expect(await run2.exited).toBe(0);
    } finally {
      await tls.stop();
    }
  });
});
