// P3 on the shipped path: the built `crypto-cli listen --approve auto` in its own process, driven from
// other processes over a real nats-server, each figure against a floor measured in the same run.
// Latency: paced under the default rate limit, floor (a NATS echo round trip through the same server plus
// one noble sign) and measured samples alternating so machine noise hits both alike. Throughput
// (nats-cli-throughput.ts): eight requesters in a process of their own against a listener started with a
// raised --rate-limit, alternating with the bare responder and the raw noble rate, with the rig's ceiling.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { sha256 } from '@noble/hashes/sha2.js';
import * as secp from '@noble/secp256k1';
import { createSecretStore } from '../../electron/core/vault/secret-store';
import '../../electron/core/vault/signing';
import { Vault } from '../../electron/core/vault/vault';
import { startNats } from '../helpers/nats';
import { makeDataDir } from '../helpers/tmp';
import { throughputFigures } from './nats-cli-throughput';
import { requireBuilt, type Shipped, startShipped } from './shipped';
import { type BenchResult, percentile } from './types';

const N = 300;
const WARMUP = 60;
/** Above the listener's default 50 ms per request (20/s) for an unverified requester. */
const PACE_MS = 55;
const PASSWORD = 'bench password';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export default async function bench(): Promise<BenchResult[]> {
  requireBuilt();
  const server = await startNats();
  const data = await makeDataDir('nats-cli-bench-');
  let listener: Shipped | undefined;
  try {
    const dataDir = join(data.dir, 'wallet');
    const vault = await Vault.open({ dataDir, secretStore: await createSecretStore({ kind: 'file', dataDir }) });
    await vault.createKeyspace('bench', PASSWORD);
    await vault.createKeypair('bench', 'kp');
    vault.close();
    const pwFile = join(data.dir, 'pw');
    await writeFile(pwFile, PASSWORD);
    const listen = (extra: string[]) =>
      startShipped(
        'crypto-cli',
        [
          ...['--data-dir', dataDir, '--secret-store', 'file', 'listen', '--server', server.url],
          ...['--password-file', pwFile, '--keyspace', 'bench', '--approve', 'auto', ...extra],
        ],
        'listening on crypto.scripts',
      );
    listener = await listen([]);
    const echo = await connect({ servers: [server.url] });
    echo.subscribe('bench.echo', {
      callback: (_e, m) => {
        m.respond(m.data);
      },
    });
    await echo.flush();
    const nc = await connect({ servers: [server.url] });
    const key = secp.utils.randomSecretKey();
    const floor: number[] = [];
    const measured: number[] = [];
    for (let i = 0; i < WARMUP + N; i++) {
      const message = `bench message ${i}`;
      const bytes = new TextEncoder().encode(message);
      let t0 = performance.now();
      await nc.request('bench.echo', bytes, { timeout: 5_000 });
      secp.sign(sha256(bytes), key, { prehash: false, lowS: true, format: 'compact' });
      const f = performance.now() - t0;
      const body = JSON.stringify({ op: 'sign', keyspace: 'bench', keypair: 'kp', message });
      t0 = performance.now();
      const reply = await nc.request('crypto.scripts', body, { timeout: 5_000 });
      const m = performance.now() - t0;
      if (!JSON.parse(reply.string()).signature) throw new Error(`sign failed: ${reply.string()}`);
      if (i >= WARMUP) {
        floor.push(f);
        measured.push(m);
      }
      await sleep(PACE_MS);
    }
    await nc.close();
    await echo.close();
    await listener.stop();

    // Throughput: the same binary with the per-source limit raised, so the figure is the process, not the limit.
    listener = await listen(['--rate-limit', '1000000']);
    const throughput = await throughputFigures({
      url: server.url,
      natsPid: server.pid,
      listenerPid: listener.child.pid,
      key,
    });

    const p50 = percentile(measured, 50);
    const floorP50 = percentile(floor, 50);
    const p99 = percentile(measured, 99);
    const floorP99 = percentile(floor, 99);
    const detail = { p50Ms: p50, p99Ms: p99, floorP50Ms: floorP50, floorP99Ms: floorP99, n: N, paceMs: PACE_MS };
    return [
      {
        id: 'P3',
        what: 'built `crypto-cli listen --approve auto`, JSON sign from another process, p50 vs NATS echo RTT + noble sign',
        ratio: p50 / floorP50,
        goal: '<= 1.3x',
        pass: p50 / floorP50 <= 1.3,
        detail,
      },
      {
        id: 'P3',
        what: 'the same through the built CLI, p99 vs the floor p99 (reported)',
        ratio: p99 / floorP99,
        goal: 'report',
        pass: null,
        detail,
      },
      ...throughput,
    ];
  } finally {
    await listener?.stop();
    await server.stop();
    await data.cleanup();
  }
}
