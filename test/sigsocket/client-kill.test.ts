// Fault suite: the wallet process is killed (SIGKILL) while the server waits for its signature.
// The POST must end in 404 or 504, and the server must keep serving.
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SigsocketClient } from '../../electron/core/sigsocket';
import { type SigsocketHandle, startSigsocket } from '../helpers/sigsocket';
import { autoSigner, connected, fixtures, getJson, makeKey, postSign, proofSigner, waitFor } from './support';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Starts the wallet fixture in its own process; `lines` collects what it prints. */
function walletProcess(url: string, dialect: string, secretHex: string, delayMs: number) {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', resolve(fixtures, 'wallet-process.ts'), url, dialect, secretHex, String(delayMs)],
    { cwd: resolve(fixtures, '../../..'), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines: string[] = [];
  child.stdout?.on('data', (d) => lines.push(...String(d).split('\n').filter(Boolean)));
  cleanups.push(() => child.kill('SIGKILL'));
  return { child, lines };
}

describe.each([
  { expected: 404, args: ['--reconnect-grace-ms', '300', '--timeout-ms', '5000'] },
  { expected: 504, args: ['--reconnect-grace-ms', '10000', '--timeout-ms', '1500'] },
])('killing the wallet mid-request ($expected)', ({ expected, args }) => {
  it(`the POST ends in ${expected} and the server keeps serving`, async () => {
    const server: SigsocketHandle = await startSigsocket(args);
    cleanups.push(() => server.stop());
    const key = makeKey();
    const wallet = walletProcess(server.wsUrl, 'json', key.secretHex, 60_000);
    await waitFor(
      async () => (await getJson(`${server.url}/connected/${key.publicKeyHex}`)).body.connected,
      'wallet up',
      15_000,
    );

    const post = postSign(server.url, key.publicKeyHex, 'a2lsbCBtZQ==', 10_000);
    await waitFor(() => wallet.lines.some((l) => l.startsWith('request ')), 'request reached the wallet');
    wallet.child.kill('SIGKILL');
    const r = await post;
    expect(r.status, JSON.stringify(r.body)).toBe(expected);
    expect(r.ms).toBeLessThan(6000);

    expect((await getJson(`${server.url}/status`)).body).toEqual({ connections: 0, pending: 0 });
    const other = makeKey();
    const client = new SigsocketClient({
      url: server.wsUrl,
      publicKeyHex: other.publicKeyHex,
      handler: autoSigner(other).handler,
      signProof: proofSigner(other),
    });
    cleanups.push(() => client.stop());
    client.start();
    await connected(client);
    await waitFor(
      async () => (await getJson(`${server.url}/connected/${other.publicKeyHex}`)).body.connected,
      'other up',
    );
    expect((await postSign(server.url, other.publicKeyHex, 'c3RpbGwgc2VydmluZw==')).status).toBe(200);
  }, 30_000);
});
