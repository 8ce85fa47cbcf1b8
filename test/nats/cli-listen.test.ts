/**
 * `crypto-cli listen` as a user runs it (from source, real nats-server): it says `listening on
 * <subject>` once subscribed, answers scripts and JSON ops, logs one line per request without
 * secrets, reports auth errors while it keeps trying, and exits cleanly on SIGTERM / SIGINT.
 */
import type { ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NatsConnection } from '@nats-io/transport-node';
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authFromFlags, configFromFlags } from '../../electron/cli/nats-flags';
import { createSecretStore } from '../../electron/core/vault/secret-store';
import { Vault } from '../../electron/core/vault/vault';
import { verifySignature } from '../../electron/core/vault/verify';
import { runCli, spawnCli } from '../helpers/cli';
import { TEST_KDF } from '../helpers/kdf';
import { makeDataDir } from '../helpers/tmp';
import { ask, client, type NatsHandle, startNats } from './fixture';

const SESSION_PASSWORD = 'listen session pw';

interface Running {
  child: ChildProcess;
  stderr: () => string;
  /** Resolves when stderr contains `text`. */
  waitFor(text: string | RegExp, ms?: number): Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running: Running[] = [];
afterEach(() => {
  for (const r of running.splice(0)) r.child.kill('SIGKILL');
});

function listen(args: string[], input?: string): Running {
  const child = spawnCli(args, { input });
  let stderr = '';
  const waiters: Array<() => void> = [];
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    for (const w of waiters.splice(0)) w();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  const r: Running = {
    child,
    stderr: () => stderr,
    exit,
    waitFor(text, ms = 20_000) {
      const found = () => (typeof text === 'string' ? stderr.includes(text) : text.test(stderr));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${text}" on stderr within ${ms} ms:\n${stderr}`)), ms);
        const check = () => {
          if (found()) {
            clearTimeout(timer);
            resolve();
          } else waiters.push(check);
        };
        check();
        void exit.then(() => {
          if (!found()) reject(new Error(`exited before "${text}":\n${stderr}`));
        });
      });
    },
  };
  running.push(r);
  return r;
}

describe('crypto-cli listen', () => {
  let server: NatsHandle;
  let nc: NatsConnection;
  let data: Awaited<ReturnType<typeof makeDataDir>>;
  let passwordFile: string;
  let tokenFile: string;
  let publicKey: string;
  const globals = () => ['--data-dir', join(data.dir, 'wallet'), '--secret-store', 'file'];

  beforeAll(async () => {
    server = await startNats({ config: 'authorization { token: "cli-token" }\n' });
    nc = await client(server, { token: 'cli-token' });
    data = await makeDataDir('nats-cli-');
    passwordFile = join(data.dir, 'pw');
    await writeFile(passwordFile, `${SESSION_PASSWORD}\n`);
    tokenFile = join(data.dir, 'token');
    await writeFile(tokenFile, 'cli-token\n');
    // Made here with a cheap KDF (the stored parameters decide unlocking), so the CLI's scripts stay fast
    // on a loaded machine; the reference script with the real KDF is covered in remote-script.test.ts.
    const dataDir = join(data.dir, 'wallet');
    const vault = await Vault.open({
      dataDir,
      secretStore: await createSecretStore({ kind: 'file', dataDir }),
      kdf: TEST_KDF,
    });
    await vault.createKeyspace('cli_space', SESSION_PASSWORD);
    publicKey = (await vault.createKeypair('cli_space', 'cli_key')).publicKey;
    vault.close();
  });
  afterAll(async () => {
    await nc?.close();
    await server?.stop();
    await data?.cleanup();
  });

  it('serves scripts and JSON ops with --approve auto, logs a line per request, and exits 0 on SIGTERM', async () => {
    const cli = listen([
      ...globals(),
      'listen',
      '--server',
      server.url,
      '--token-file',
      tokenFile,
      '--password-file',
      passwordFile,
      '--approve',
      'auto',
    ]);
    await cli.waitFor('listening on crypto.scripts');
    const reply = await ask(
      nc,
      'crypto.scripts',
      'load_key_space("cli_space");\nselect_keypair("cli_key");\nsign("from the cli")',
    );
    expect(verifySignature(publicKey, new TextEncoder().encode('from the cli'), hexToBytes(reply.text))).toBe(true);
    const json = JSON.parse(
      (await ask(nc, 'crypto.scripts', '{"op":"sign","keyspace":"cli_space","keypair":"cli_key","message":"m"}')).text,
    );
    expect(json.public_key).toBe(publicKey);
    const bad = await ask(nc, 'crypto.scripts', 'nope(');
    expect(bad.text).toMatch(/^Error: /);

    cli.child.kill('SIGTERM');
    const { code } = await cli.exit;
    expect(code).toBe(0);
    const lines = cli.stderr().split('\n');
    expect(lines.filter((l) => / crypto\.scripts from unverified: /.test(l))).toHaveLength(3);
    expect(cli.stderr()).not.toContain(SESSION_PASSWORD);
    expect(cli.stderr()).not.toContain('cli-token');
  });

  it('with --keyspace and --approve ask: a "n" at the prompt rejects the script, and SIGINT ends it', async () => {
    const cli = listen(
      [
        ...globals(),
        'listen',
        '--server',
        server.url,
        '--token-file',
        tokenFile,
        '--keyspace',
        'cli_space',
        '--password-file',
        passwordFile,
        '--subject',
        'wallet.cli',
      ],
      'n\n',
    );
    await cli.waitFor('listening on wallet.cli');
    const reply = await ask(nc, 'wallet.cli', 'select_keypair("cli_key"); public_key()');
    expect(reply.text).toMatch(/^Error: request rejected/);
    expect(cli.stderr()).toContain('script calls: public_key, select_keypair');
    cli.child.kill('SIGINT');
    expect((await cli.exit).code).toBe(0);
  });

  it('reports a wrong token as an auth error and keeps trying until stopped', async () => {
    await writeFile(join(data.dir, 'bad-token-file'), 'wrong-token\n');
    const cli = listen([
      ...globals(),
      'listen',
      '--server',
      server.url,
      '--token-file',
      join(data.dir, 'bad-token-file'),
      '--password-file',
      passwordFile,
      '--approve',
      'auto',
    ]);
    await cli.waitFor(/nats: error: auth error: the server refused the credentials/);
    await cli.waitFor(/nats: (reconnecting|error).*\n.*nats: (reconnecting|error)/);
    expect(cli.child.exitCode).toBeNull();
    expect(cli.stderr()).not.toContain('wrong-token');
    cli.child.kill('SIGTERM');
    expect((await cli.exit).code).toBe(0);
  });

  it('refuses two auth methods before connecting, with exit code 2', async () => {
    const both = await runCli([
      ...globals(),
      'listen',
      '--server',
      server.url,
      '--token-file',
      tokenFile,
      '--nkey',
      'f',
      '--password-file',
      passwordFile,
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/choose one way to authenticate, not --token-file and --nkey/);
  });

  it('maps the auth and TLS flags onto the settings schema', async () => {
    expect(await authFromFlags({ user: 'u', passFile: tokenFile })).toEqual({
      kind: 'user',
      user: 'u',
      pass: 'cli-token',
    });
    await expect(authFromFlags({ passFile: 'p' })).rejects.toThrow(/--user and --pass-file go together/);
    await expect(authFromFlags({ creds: 'c', user: 'u', passFile: 'p' })).rejects.toThrow(
      /--creds and --user\/--pass-file/,
    );
    const config = await configFromFlags({
      server: ['nats://a:1', 'nats://b:2'],
      subject: 's',
      nkey: 'seed.nk',
      tlsCa: 'ca.pem',
    });
    expect(config).toEqual({
      enabled: true,
      servers: ['nats://a:1', 'nats://b:2'],
      subject: 's',
      keyspace: null,
      auth: { kind: 'nkey', seedFile: 'seed.nk' },
      tls: { caFile: 'ca.pem', certFile: null, keyFile: null },
    });
  });
});
