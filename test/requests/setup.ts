import { type QueueOptions, RequestQueue } from '../../electron/core/requests/queue';
import type { RequestInput } from '../../electron/core/requests/request';
import { makeDataDir } from '../helpers/tmp';
import { ManualClock } from './manual-clock';
import { MemorySigner } from './memory-signer';

export interface QueueFixture {
  queue: RequestQueue;
  signer: MemorySigner;
  clock: ManualClock;
  dir: string;
  /** The public key of keypair "main" in keyspace "ks". */
  pub: string;
  warnings: string[];
  cleanup(): Promise<void>;
}

/** A queue on a fresh data dir with a manual clock and a real in-memory signer (keyspace "ks" unlocked). */
export async function makeQueue(options: Partial<QueueOptions> = {}, dir?: string): Promise<QueueFixture> {
  const data = dir ? { dir, cleanup: async () => {} } : await makeDataDir('requests-');
  const signer = (options.signer as MemorySigner | undefined) ?? new MemorySigner();
  const clock = (options.clock as ManualClock | undefined) ?? new ManualClock();
  const pub = signer.addKeypair('ks');
  signer.unlock('ks');
  const warnings: string[] = [];
  const queue = await RequestQueue.open({
    dataDir: data.dir,
    signer,
    clock,
    warn: (m) => warnings.push(m),
    ...options,
  });
  return {
    queue,
    signer,
    clock,
    dir: data.dir,
    pub,
    warnings,
    async cleanup() {
      await queue.close();
      await data.cleanup();
    },
  };
}

let counter = 0;

/** A sign request from a SigSocket source, with a fresh source request id unless given. */
export function signInput(pub: string, overrides: Partial<RequestInput> = {}): RequestInput {
  counter++;
  return {
    source: {
      kind: 'sigsocket',
      endpoint: 'wss://sig.example',
      requester: 'app',
      verified: true,
      sourceRequestId: `r${counter}`,
    },
    target: { keyspace: 'ks', keypair: pub },
    operation: 'sign',
    payload: new TextEncoder().encode(`message ${counter}`),
    ...overrides,
  };
}

/** Lets pending promise callbacks and async signing run to completion. */
export async function settleAsync(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
}
