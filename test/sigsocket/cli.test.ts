// The sigsocket-server command: graceful SIGTERM shutdown answers pending requests, and bad options
// fail fast with a clear message.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSigsocket } from '../helpers/sigsocket';
import { provenRawWallet } from './raw-wallet';
import { getJson, makeKey, postSign, waitFor } from './support';

const root = resolve(import.meta.dirname, '../..');

describe('sigsocket-server CLI', () => {
  it('SIGTERM answers pending requests with 503, says goodbye to wallets (1001) and exits 0', async () => {
    const server = await startSigsocket();
    const key = makeKey();
    const w = await provenRawWallet(server.wsUrl, key.publicKeyHex, key.secretKey);
    await waitFor(
      async () => (await getJson(`${server.url}/connected/${key.publicKeyHex}`)).body.connected,
      'wallet up',
    );
    const pending = postSign(server.url, key.publicKeyHex, 'd2FpdGluZw==');
    await w.next();
    expect((await getJson(`${server.url}/status`)).body).toEqual({ connections: 1, pending: 1 });
    const exit = server.stop();
    const r = await pending;
    expect(r).toMatchObject({ status: 503, body: { error: 'server shutting down' } });
    expect((await w.closed).code).toBe(1001);
    expect(await exit).toBe(0);
    const events = server.logs().map((l) => l.event);
    expect(events).toEqual(expect.arrayContaining(['listening', 'introduced', 'signal', 'shutdown', 'sign_result']));
    for (const line of server.logs()) expect(line).toMatchObject({ t: expect.any(String), level: expect.any(String) });
  });

  it('reads the API token from its file and takes repeated --allowed-host flags', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigsocket-token-'));
    writeFileSync(join(dir, 'token'), 'a-token-from-a-file-0123456789\n', { mode: 0o600 });
    const server = await startSigsocket([
      '--api-token-file',
      join(dir, 'token'),
      '--allowed-host',
      'a.example',
      '--allowed-host',
      'b.example',
    ]);
    try {
      const get = (headers: Record<string, string>) =>
        new Promise<number>((res, rej) =>
          request({ host: '127.0.0.1', port: server.port, path: '/status', headers }, (r) => {
            r.resume();
            res(r.statusCode ?? 0);
          })
            .on('error', rej)
            .end(),
        );
      const auth = { authorization: 'Bearer a-token-from-a-file-0123456789' };
      expect(await get({})).toBe(401);
      expect(await get(auth)).toBe(200);
      expect(await get({ ...auth, host: 'b.example' })).toBe(200);
      expect(await get({ ...auth, host: 'c.example' })).toBe(403);
    } finally {
      await server.stop();
    }
  });

  it('refuses bad options with a clear message and a non-zero exit', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'server/index.ts', '--port', '0', ...args], {
        cwd: root,
        encoding: 'utf8',
        timeout: 20_000,
      });
    const badDialect = run('--plain-requests', 'nope');
    expect(badDialect.status).toBe(2);
    expect(badDialect.stderr).toContain('start_failed');
    const badPort = run('--port', 'abc');
    expect(badPort.status).not.toBe(0);
    expect(badPort.stderr).toMatch(/non-negative integer/);
    const help = run('--help');
    expect(help.stdout).toMatch(/--plain-requests/);
  });
});
