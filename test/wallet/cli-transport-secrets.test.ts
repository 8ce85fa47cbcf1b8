/**
 * What a user's command line and connection URLs expose, checked through real crypto-cli processes:
 * NATS secrets on the command line (visible in `ps` and shell history) are refused before anything
 * connects, and a plaintext URL to another machine is warned about before the first byte is sent.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../helpers/cli';
import { makeDataDir } from '../helpers/tmp';

/** TEST-NET-1 (RFC 5737): routable in form, never answered, so nothing is ever really sent. */
const REMOTE_NATS = 'nats://192.0.2.1:4222';
const REMOTE_WS = 'ws://192.0.2.1:8080/ws';

describe('crypto-cli: secrets stay off the command line; plaintext to another host is warned about', () => {
  let data: Awaited<ReturnType<typeof makeDataDir>>;
  let pw: string;
  const globals = () => ['--data-dir', join(data.dir, 'wallet'), '--secret-store', 'file'];
  beforeAll(async () => {
    data = await makeDataDir('cli-secrets-');
    pw = join(data.dir, 'pw');
    await writeFile(pw, 'session password\n');
  });
  afterAll(() => data?.cleanup());

  it.each([
    [['--token', 'visible-in-ps'], '--token-file'],
    [['--user', 'u', '--pass', 'visible-in-ps'], '--pass-file'],
  ])('listen %j is refused, naming %s, and nothing starts', async (flags, replacement) => {
    const r = await runCli([
      ...globals(),
      'listen',
      '--server',
      'nats://127.0.0.1:1',
      ...flags,
      '--password-file',
      pw,
      '--approve',
      'auto',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(replacement);
    expect(r.stderr).toMatch(/visible in ps and shell history/);
    expect(r.stderr).not.toContain('visible-in-ps');
    expect(r.stderr).not.toContain('listening on');
  });

  it('listen --help offers only the file flags', async () => {
    const r = await runCli(['listen', '--help']);
    expect(r.stdout).toContain('--token-file <file>');
    expect(r.stdout).toContain('--pass-file <file>');
    expect(r.stdout).not.toMatch(/--token <|--pass </);
  });

  it('listen warns about nats:// to another host, and not about loopback', async () => {
    const child = spawnCli([
      ...globals(),
      'listen',
      '--server',
      REMOTE_NATS,
      '--password-file',
      pw,
      '--approve',
      'auto',
    ]);
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const exited = new Promise((resolve) => child.on('close', resolve));
    try {
      await expect
        .poll(() => stderr, { timeout: 15_000 })
        .toMatch(/warning: nats:\/\/ to 192\.0\.2\.1 is not encrypted: the NATS token or password/);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
    const local = spawnCli([
      ...globals(),
      'listen',
      '--server',
      'nats://127.0.0.1:1',
      '--password-file',
      pw,
      '--approve',
      'auto',
    ]);
    let localErr = '';
    local.stderr?.setEncoding('utf8').on('data', (d: string) => {
      localErr += d;
    });
    const localExit = new Promise((resolve) => local.on('close', resolve));
    await expect.poll(() => localErr, { timeout: 15_000 }).toMatch(/nats: /);
    local.kill('SIGTERM');
    await localExit;
    expect(localErr).not.toMatch(/not encrypted/);
  });

  it('connect warns about ws:// to another host before it does anything else', async () => {
    const r = await runCli([
      ...globals(),
      'connect',
      '--sigsocket',
      REMOTE_WS,
      '--keyspace',
      'none',
      '--keypair',
      'k',
      '--password-file',
      pw,
    ]);
    expect(r.stderr).toMatch(/^warning: ws:\/\/ to 192\.0\.2\.1 is not encrypted: every request and every signature/);
    expect(r.code).not.toBe(0);
  });
});
