// SigSocket scale-out and proof of possession, as ratios to floors measured in this same run:
// - a POST /sign that crosses instances over NATS vs the same request on the wallet's own instance plus
//   one bare NATS request-reply between two processes;
// - POST /sign throughput with 3 instances vs 1 (same machine, same wallets; reported);
// - the proof step's added connect time (measured by the server: challenge sent → answer verified) vs
//   one ws round trip + one noble sign + one libsecp256k1 verify.
// Every server runs in its own process, as deployed; wallets and callers share this one.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent } from 'node:http';
import { resolve } from 'node:path';
import WebSocket from 'ws';
import { SigsocketClient } from '../../electron/core/sigsocket';
import { decodeServerFrame, encodeSignResponse } from '../../shared/sigsocket';
import { at } from '../helpers/at';
import { startNats } from '../helpers/nats';
import { type SigsocketHandle, startSigsocket } from '../helpers/sigsocket';
import { getJson, makeKey, nobleSign, type TestKey } from '../sigsocket/support';
import { floorSampler, post } from './sigsocket-floors';
import { type BenchResult, percentile } from './types';

const N = 800;
const WARMUP = 150;
const root = resolve(import.meta.dirname, '../..');

/** A NATS echo responder in its own process, and a requester here: the floor's NATS leg. */
async function natsFloor(url: string) {
  const code = `import { connect } from '@nats-io/transport-node';
    const nc = await connect({ servers: ${JSON.stringify(url)} });
    nc.subscribe('bench.echo', { callback: (_e, m) => m.respond(m.data) });
    await nc.flush(); console.log('ready');`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((r) => child.stdout?.once('data', r));
  const { connect } = await import('@nats-io/transport-node');
  const nc = await connect({ servers: url });
  const payload = new Uint8Array(200);
  return {
    async sample() {
      const t0 = performance.now();
      await nc.request('bench.echo', payload, { timeout: 5000 });
      return performance.now() - t0;
    },
    async close() {
      await nc.close();
      child.kill();
    },
  };
}

function wallet(key: TestKey, url: string): SigsocketClient {
  const c = new SigsocketClient({
    url,
    publicKeyHex: key.publicKeyHex,
    handler: async (req) => ({ ok: true, signature: nobleSign(req.message, key.secretKey) }),
    signProof: (challenge) => nobleSign(challenge, key.secretKey),
  });
  c.start();
  return c;
}

async function until(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('bench setup timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** POST /sign throughput: `total` requests, 60 at a time, key i to instance i (mod the targets). */
async function throughput(agent: Agent, targets: SigsocketHandle[], bodies: string[], total: number) {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 60 }, async () => {
      while (next < total) {
        const i = next++;
        const status = await post(agent, at(targets, i % targets.length).port, at(bodies, i % bodies.length));
        if (status !== 200) throw new Error(`POST /sign answered ${status}`);
      }
    }),
  );
  return (total / (performance.now() - t0)) * 1000;
}

export default async function bench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const nats = await startNats();
  const args = ['--nats', nats.url, '--rate-per-key', '1000000', '--max-pending-per-key', '10000'];
  const instance = (i: number) => startSigsocket([...args, '--instance-id', `b${i}`]);
  const [a, b, c] = await Promise.all([instance(0), instance(1), instance(2)]);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const key = makeKey();
  const message = randomBytes(64);
  const client = wallet(key, a.wsUrl);
  await until(async () => (await getJson(`${a.url}/connected/${key.publicKeyHex}`)).body.connected === true);
  const body = JSON.stringify({ public_key: key.publicKeyHex, message: message.toString('base64') });

  // ## Cross-instance latency: one sample of each side in turn, so a noisy spell hits them alike.
  const floor = await natsFloor(nats.url);
  const same: number[] = [];
  const cross: number[] = [];
  const rtt: number[] = [];
  for (let i = 0; i < N + WARMUP; i++) {
    let t0 = performance.now();
    if ((await post(agent, a.port, body)) !== 200) throw new Error('same-instance POST failed');
    const s = performance.now() - t0;
    t0 = performance.now();
    if ((await post(agent, b.port, body)) !== 200) throw new Error('cross-instance POST failed');
    const x = performance.now() - t0;
    const r = await floor.sample();
    if (i >= WARMUP) {
      same.push(s);
      cross.push(x);
      rtt.push(r);
    }
  }
  await floor.close();
  const floorMs = percentile(same, 50) + percentile(rtt, 50);
  results.push({
    id: 'S1',
    what: 'cross-instance POST /sign p50 vs same-instance p50 + one NATS request RTT',
    ratio: percentile(cross, 50) / floorMs,
    goal: '<= 1.2x',
    pass: percentile(cross, 50) / floorMs <= 1.2,
    detail: {
      cross_p50_ms: percentile(cross, 50),
      same_p50_ms: percentile(same, 50),
      nats_rtt_p50_ms: percentile(rtt, 50),
      samples: cross.length,
    },
  });
  await client.stop();

  // ## Throughput: 90 wallets, first all on one instance, then spread over three.
  const keys = Array.from({ length: 90 }, () => makeKey());
  const bodies = keys.map((k) => JSON.stringify({ public_key: k.publicKeyHex, message: message.toString('base64') }));
  let clients = keys.map((k) => wallet(k, a.wsUrl));
  await until(async () => (await getJson(`${a.url}/status`)).body.connections === keys.length);
  await throughput(agent, [a], bodies, 500);
  const one = await throughput(agent, [a], bodies, 4000);
  await Promise.all(clients.map((w) => w.stop()));
  await until(async () => (await getJson(`${a.url}/status`)).body.connections === 0);
  const all = [a, b, c];
  clients = keys.map((k, i) => wallet(k, at(all, i % 3).wsUrl));
  await until(async () => (await getJson(`${a.url}/status`)).body.connections === keys.length);
  await throughput(agent, all, bodies, 500);
  // Request i goes to instance i mod 3 and its wallet lives there too: an even spread, as behind a balancer
  // that follows the wallet (a random one crosses instances two times in three; S1 prices that).
  const three = await throughput(agent, all, bodies, 4000);
  await Promise.all(clients.map((w) => w.stop()));
  results.push({
    id: 'S2',
    what: 'POST /sign throughput with 3 instances vs 1 (same 2-core machine, 90 wallets in this process)',
    ratio: three / one,
    goal: 'report',
    pass: null,
    detail: { three_per_s: three, one_per_s: one },
  });

  // ## The proof step: server-measured challenge → verified, vs ws echo + noble sign + verify.
  const proofs: number[] = [];
  const floors: number[] = [];
  const sampler = await floorSampler(key, message);
  const before = a.logs().filter((l) => l.event === 'proven').length;
  for (let i = 0; i < 300; i++) {
    const k = makeKey();
    const ws = new WebSocket(a.wsUrl, { perMessageDeflate: false });
    await new Promise((r) => ws.once('open', r));
    const answered = new Promise<void>((r) =>
      ws.once('message', (d) => {
        const req = decodeServerFrame('plain', String(d));
        if (!req.ok) throw new Error('no challenge');
        ws.send(
          encodeSignResponse(req.value.shape, { ...req.value, signature: nobleSign(req.value.message, k.secretKey) }),
        );
        r();
      }),
    );
    ws.send(k.publicKeyHex);
    await answered;
    await until(async () => (await getJson(`${a.url}/connected/${k.publicKeyHex}`)).body.connected === true);
    ws.close();
    floors.push(await sampler.sample());
  }
  sampler.close();
  for (const l of a
    .logs()
    .filter((x) => x.event === 'proven')
    .slice(before))
    proofs.push(Number(l.ms));
  const proofRatio = percentile(proofs.slice(30), 50) / percentile(floors.slice(30), 50);
  results.push({
    id: 'S3',
    what: "proof step's added connect time p50 vs one ws round trip + one noble sign + one verify",
    ratio: proofRatio,
    goal: '<= 1.5x',
    pass: proofRatio <= 1.5,
    detail: { proof_p50_ms: percentile(proofs.slice(30), 50), floor_p50_ms: percentile(floors.slice(30), 50) },
  });

  agent.destroy();
  await Promise.all(all.map((s) => s.stop()));
  await nats.stop();
  return results;
}
