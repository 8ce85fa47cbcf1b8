// P3 throughput on the shipped path, with the measurements that bound it. Eight requesters in a process of
// their own send JSON sign requests back to back; slices alternate, so machine noise hits each alike:
//   1. the raw noble sign rate in this process (the figure the goal is written against);
//   2. the bare responder (bare-responder.ts: receive, parse, sign, reply, nothing else);
//   3. the built `crypto-cli listen`.
// In slices 2 and 3 the CPU of the requester process, nats-server and the responder is read too. On a
// machine where requesters and server share the responder's cores, the raw noble rate is out of reach:
// the most any responder could answer, even signing on every core with zero overhead of its own, is
// cores / (requester CPU + nats-server CPU per request + one noble sign), the rig ceiling reported below;
// and a responder built on nats.js at all does at least the bare responder's work per request, which gives
// the tighter ceiling cores / (requester + nats-server + bare responder CPU per request).
// A single thread is bounded tighter still, by 1 / the bare responder's CPU per reply (in its detail).
// The wallet's own goal against the same load is then the bare responder's rate.
import { availableParallelism } from 'node:os';
import { nobleRate, requesterProcess, startBareResponder } from './nats-requesters';
import { withCpu } from './proc-cpu';
import { type BenchResult, percentile } from './types';

const CONCURRENT = 8;
const PER_SLICE = 1000;
const SLICES = 5;
const WARM = 300;
/** The bare responder's subject: a listener on crypto.scripts must not answer its requests too. */
const BARE_SUBJECT = 'bench.bare';

/** One responder's slice: replies per second and CPU per request (µs) of each process on the path. */
interface Slice {
  rate: number;
  requesterUs: number;
  natsUs: number | null;
  responderUs: number | null;
}

export interface ThroughputTarget {
  url: string;
  natsPid: number | undefined;
  /** The built listener, already subscribed to crypto.scripts with its rate limit raised out of the way. */
  listenerPid: number | undefined;
  key: Uint8Array;
}

/** Median of readings, or null when any reading is missing (no /proc). */
function median(values: (number | null)[]): number | null {
  return values.some((v) => v === null) ? null : percentile(values as number[], 50);
}

async function slice(t: ThroughputTarget, pid: number | undefined, subject: string, tag: string): Promise<Slice> {
  const run = await withCpu([t.natsPid, pid], () => requesterProcess(t.url, CONCURRENT, PER_SLICE, tag, subject));
  const perRequest = (ms: number | null | undefined) =>
    ms === null || ms === undefined ? null : (ms * 1000) / PER_SLICE;
  return {
    rate: run.value.rate,
    requesterUs: (run.value.cpuMs * 1000) / PER_SLICE,
    natsUs: perRequest(run.cpuMs[0]),
    responderUs: perRequest(run.cpuMs[1]),
  };
}

export async function throughputFigures(t: ThroughputTarget): Promise<BenchResult[]> {
  const bare = await startBareResponder(t.url, BARE_SUBJECT);
  try {
    await requesterProcess(t.url, CONCURRENT, WARM, 'warm');
    await requesterProcess(t.url, CONCURRENT, WARM, 'warm', BARE_SUBJECT);
    const noble: number[] = [];
    const bares: Slice[] = [];
    const wallets: Slice[] = [];
    for (let s = 0; s < SLICES; s++) {
      noble.push(nobleRate(t.key));
      bares.push(await slice(t, bare.child.pid, BARE_SUBJECT, `b${s}`));
      wallets.push(await slice(t, t.listenerPid, 'crypto.scripts', `s${s}`));
    }
    const signRate = percentile(noble, 50);
    const signUs = 1e6 / signRate;
    const bareRate = percentile(
      bares.map((b) => b.rate),
      50,
    );
    const walletRate = percentile(
      wallets.map((w) => w.rate),
      50,
    );
    const requesterUs = percentile(
      bares.map((b) => b.requesterUs),
      50,
    );
    const natsUs = median(bares.map((b) => b.natsUs));
    const bareUs = median(bares.map((b) => b.responderUs));
    const walletUs = median(wallets.map((w) => w.responderUs));
    const load = { requests: PER_SLICE * SLICES, slices: SLICES, requesters: CONCURRENT };
    const results: BenchResult[] = [
      {
        id: 'P3',
        what: `built \`crypto-cli listen\`, ${CONCURRENT} concurrent requesters from another process: signed replies/s vs raw noble sign rate`,
        ratio: walletRate / signRate,
        goal: '>= 0.8x',
        pass: walletRate / signRate >= 0.8,
        detail: { walletPerSec: walletRate, nobleSignPerSec: signRate, ...load },
      },
      {
        id: 'P3',
        what: `bare responder (nats.js + JSON + noble sign, nothing else), same ${CONCURRENT} requesters: replies/s vs raw noble sign rate`,
        ratio: bareRate / signRate,
        goal: 'report',
        pass: null,
        detail: {
          barePerSec: bareRate,
          nobleSignPerSec: signRate,
          // One thread cannot answer faster than 1 / its own CPU per reply, however idle the other cores are.
          ...(bareUs === null ? {} : { bareCpuUsPerReply: bareUs, oneThreadBoundVsNoble: 1e6 / bareUs / signRate }),
          ...load,
        },
      },
    ];
    const cores = availableParallelism();
    /** The replies/s the cores allow when each request costs the requester, nats-server and `responderUs` their CPU. */
    const ceiling = (what: string, responderWork: string, responderUs: number, natsCpuUs: number): BenchResult => {
      const ceilingRate = cores / ((requesterUs + natsCpuUs + responderUs) / 1e6);
      return {
        id: 'P3',
        what: `${what}: ${cores} cores / (requester + nats-server CPU per request + ${responderWork}), vs raw noble sign rate`,
        ratio: ceilingRate / signRate,
        goal: 'report',
        pass: null,
        detail: {
          ceilingPerSec: ceilingRate,
          cores,
          requesterCpuUs: requesterUs,
          natsCpuUs,
          responderCpuUs: responderUs,
        },
      };
    };
    // Every request costs the requester and the server their CPU and a responder at least one sign; the
    // cores can do no more than that many per second, however the responder is built.
    if (natsUs !== null) results.push(ceiling('rig ceiling', 'one noble sign', signUs, natsUs));
    // A responder on nats.js does at least what the bare one does per request (receive, parse, sign, reply);
    // even spread over every core with nothing else to do, the cores then answer no more than this.
    if (natsUs !== null && bareUs !== null)
      results.push(ceiling('rig ceiling for any nats.js responder', 'bare responder CPU', bareUs, natsUs));
    results.push({
      id: 'P3',
      what: 'built listener vs the bare responder, same load: replies/s',
      ratio: walletRate / bareRate,
      goal: '>= 0.8x',
      pass: walletRate / bareRate >= 0.8,
      detail: { walletPerSec: walletRate, barePerSec: bareRate, ...load },
    });
    if (walletUs !== null && bareUs !== null) {
      results.push({
        id: 'P3',
        what: 'built listener CPU per signed reply vs one noble sign',
        ratio: walletUs / signUs,
        goal: 'report',
        pass: null,
        detail: {
          listenerCpuUs: walletUs,
          bareCpuUs: bareUs,
          nobleSignUs: signUs,
          listenerSliceNatsCpuUs: median(wallets.map((w) => w.natsUs)) ?? Number.NaN,
          listenerSliceRequesterCpuUs: percentile(
            wallets.map((w) => w.requesterUs),
            50,
          ),
        },
      });
    }
    if (natsUs === null || walletUs === null) console.warn('  /proc unreadable: CPU figures left out');
    return results;
  } finally {
    await bare.stop();
  }
}
