// P2 on the shipped path: `fetch` → the built sigsocket-server bin → the built `crypto-cli connect
// --approve auto` → back, three processes, against a floor measured in the same run that makes every hop
// the request makes: a fetch round trip to a bare HTTP server in another process, a ws echo across
// processes, one noble sign and one libsecp256k1 verify. Requests are paced under the connect queue's
// default 20/s for one server, and floor and measured samples alternate so machine noise hits both alike.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSecretStore } from '../../electron/core/vault/secret-store';
import { Vault } from '../../electron/core/vault/vault';
import { freePort } from '../helpers/ports';
import { makeDataDir } from '../helpers/tmp';
import { makeKey } from '../sigsocket/support';
import { requireBuilt, type Shipped, startShipped } from './shipped';
import { floorSampler, httpEchoServer } from './sigsocket-floors';
import { type BenchResult, percentile } from './types';

const N = 300;
const WARMUP = 60;
/** Above the connect queue's default 50 ms per request (20/s) for one SigSocket server. */
const PACE_MS = 55;
const PASSWORD = 'bench password';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export default async function bench(): Promise<BenchResult[]> {
  requireBuilt();
  const data = await makeDataDir('sigsocket-cli-bench-');
  let server: Shipped | undefined;
  let wallet: Shipped | undefined;
  let echo: ChildProcess | undefined;
  try {
    const dataDir = join(data.dir, 'wallet');
    const vault = await Vault.open({ dataDir, secretStore: await createSecretStore({ kind: 'file', dataDir }) });
    await vault.createKeyspace('bench', PASSWORD);
    const kp = await vault.createKeypair('bench', 'kp');
    vault.close();
    const pwFile = join(data.dir, 'pw');
    await writeFile(pwFile, PASSWORD);
    const port = await freePort();
    server = await startShipped('sigsocket-server', ['--host', '127.0.0.1', '--port', String(port)], '"listening"');
    wallet = await startShipped(
      'crypto-cli',
      [
        ...['--data-dir', dataDir, '--secret-store', 'file', 'connect', '--sigsocket', `ws://127.0.0.1:${port}/ws`],
        ...['--keyspace', 'bench', '--keypair', 'kp', '--password-file', pwFile, '--approve', 'auto'],
      ],
      'sigsocket: connected',
    );
    await sleep(200);
    const message = randomBytes(64);
    const body = JSON.stringify({ public_key: kp.publicKey, message: message.toString('base64') });
    const http = await httpEchoServer();
    echo = http.child;
    const ws = await floorSampler(makeKey(), message);
    const measured: number[] = [];
    const floor: number[] = [];
    const post = async (url: string) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const answer = (await res.json()) as { signature?: string };
      if (res.status !== 200 || !answer.signature) throw new Error(`POST ${url} answered ${res.status}`);
    };
    for (let i = 0; i < WARMUP + N; i++) {
      let t0 = performance.now();
      await post(http.url);
      const f = performance.now() - t0 + (await ws.sample());
      t0 = performance.now();
      await post(`http://127.0.0.1:${port}/sign`);
      const m = performance.now() - t0;
      if (i >= WARMUP) {
        floor.push(f);
        measured.push(m);
      }
      await sleep(PACE_MS);
    }
    ws.close();
    return ([50, 99] as const).map((p) => {
      const m = percentile(measured, p);
      const f = percentile(floor, p);
      const goal = p === 50 ? 1.5 : 3;
      return {
        id: 'P2',
        what: `fetch → built sigsocket-server → built \`crypto-cli connect --approve auto\`, POST /sign p${p} vs fetch RTT + ws RTT + noble sign + libsecp256k1 verify`,
        ratio: m / f,
        goal: `<= ${goal}x`,
        pass: m / f <= goal,
        detail: { measuredMs: m, floorMs: f, n: N, paceMs: PACE_MS },
      };
    });
  } finally {
    echo?.kill();
    await wallet?.stop();
    await server?.stop();
    await data.cleanup();
  }
}
