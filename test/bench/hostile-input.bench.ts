// Hostile NATS payloads against the real request handler: the longest any single one holds the core's
// thread (the Electron main process in the app), next to a floor measured in this run: JSON.parse of a
// flat 1 MiB string, the least any 1 MiB payload costs to read at all.
import { join } from 'node:path';
import { MAX_REQUEST_BYTES } from '../../electron/core/nats/bounded-input';
import { RequestHandler } from '../../electron/core/nats/handler';
import { RequestQueue } from '../../electron/core/requests/queue';
import { createSecretStore } from '../../electron/core/vault/secret-store';
import { Vault } from '../../electron/core/vault/vault';
import { makeDataDir } from '../helpers/tmp';
import type { BenchResult } from './types';

const RUNS = 9;
/** Rounds run first and not counted: the first JSON.parse of a large string pays for the JIT. */
const WARMUP = 2;
/** No single input may hold the core's thread longer than this, or the UI and every other request stall. */
const LIMIT_MS = 20;

const enc = new TextEncoder();
const fill = (unit: string, bytes: number) => unit.repeat(Math.floor(bytes / unit.length));

/** Each at most 1 MiB, the NATS server's own default payload limit. */
const HOSTILE: Array<[string, Uint8Array]> = [
  [
    'nested JSON arrays',
    enc.encode(`{"op":"sign","x":${fill('[', MAX_REQUEST_BYTES / 2 - 20)}${fill(']', MAX_REQUEST_BYTES / 2 - 20)}}`),
  ],
  [
    'nested JSON objects',
    enc.encode(`{"op":"sign","x":${fill('{"a":', MAX_REQUEST_BYTES / 2 - 40)}1${fill('}', MAX_REQUEST_BYTES / 10)}}`),
  ],
  [
    'brackets inside one JSON string',
    enc.encode(`{"op":"sign","keypair":"k","message":"${fill('[{', MAX_REQUEST_BYTES - 60)}"}`),
  ],
  ['nested script parentheses', enc.encode(`${fill('(', 32 * 1024)}1${fill(')', 32 * 1024)}`)],
  ['nested script blocks', enc.encode(`${fill('{', 32 * 1024)}${fill('}', 32 * 1024)}`)],
  ['oversized script', enc.encode(fill('let a = 1;\n', MAX_REQUEST_BYTES - 16))],
  ['oversized payload', new Uint8Array(MAX_REQUEST_BYTES + 1).fill(0x7b)],
];

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
}

export default async function bench(): Promise<BenchResult[]> {
  const { dir, cleanup } = await makeDataDir('hostile-bench-');
  const secretStore = await createSecretStore({ kind: 'file', dataDir: dir });
  const vault = await Vault.open({ dataDir: join(dir, 'vault'), secretStore, autoLockMs: 0 });
  const queue = await RequestQueue.open({ dataDir: join(dir, 'queue'), signer: vault, warn: () => {} });
  const handler = new RequestHandler({ vault, queue, keyspace: null, password: () => null, log: () => {} });
  const flat = `"${fill('a', MAX_REQUEST_BYTES - 2)}"`;
  try {
    const times: Record<string, number[]> = {};
    const floors: number[] = [];
    for (let run = 0; run < WARMUP + RUNS; run++) {
      const t0 = performance.now();
      JSON.parse(flat);
      if (run >= WARMUP) floors.push(performance.now() - t0);
      for (const [name, data] of HOSTILE) {
        const t = performance.now();
        const reply = await handler.handle({ subject: 'crypto.scripts', data, header: () => undefined });
        const ms = performance.now() - t;
        if (!reply.error) throw new Error(`${name} was not refused`);
        if (run < WARMUP) continue;
        times[name] = [...(times[name] ?? []), ms];
      }
    }
    // Medians: a shared, noisy machine can stall any single sample; the payload is what is measured.
    const floor = median(floors);
    const worst = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
    const maxMs = Math.max(...Object.values(worst));
    return [
      {
        id: '',
        what: `median hold of the thread by the worst hostile payload (${HOSTILE.length} kinds, ≤ 1 MiB) vs JSON.parse of 1 MiB flat`,
        ratio: maxMs / floor,
        goal: `<= ${LIMIT_MS} ms per input (ratio reported)`,
        pass: maxMs <= LIMIT_MS,
        detail: { maxMs, floorMs: floor, ...Object.fromEntries(Object.entries(worst).map(([k, v]) => [`${k} ms`, v])) },
      },
    ];
  } finally {
    await queue.close();
    vault.close();
    await cleanup();
  }
}
