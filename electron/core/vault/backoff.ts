// The persisted wrong-password backoff: how long a keyspace waits after repeated failures.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { WalletError } from '../../../shared/errors';
import { writeFileAtomic } from '../../../shared/node/atomic-file';

/** Wrong passwords allowed in a row before retries are delayed. */
export const FREE_ATTEMPTS = 5;
const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 15 * 60 * 1000;
export const BACKOFF_FILE = 'unlock-backoff.json';

/** 'retry_later' with the wait in milliseconds as `details.retryAfterMs`, so a GUI can count down. */
export function retryLater(retryAfterMs: number): WalletError {
  const message = `too many wrong passwords; try again in ${Math.ceil(retryAfterMs / 1000)} s`;
  return new WalletError('retry_later', message, { retryAfterMs });
}

/** After 5 failures in a row: 1 s, then doubling per further failure, capped at 15 minutes. */
export function delayAfter(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(FIRST_DELAY_MS * 2 ** (failures - FREE_ATTEMPTS), MAX_DELAY_MS);
}

const stateSchema = z.record(z.string(), z.object({ failures: z.number().int().min(0), last: z.number() }));
type State = z.infer<typeof stateSchema>;

/**
 * Counts consecutive wrong passwords per keyspace, persisted in the data dir so that a new CLI
 * process cannot reset the count. A refused attempt (still waiting) is not tried and not counted.
 */
export class UnlockBackoff {
  private readonly file: string;

  constructor(
    dataDir: string,
    private readonly clock: () => number = Date.now,
  ) {
    this.file = join(dataDir, BACKOFF_FILE);
  }

  /** Throws 'retry_later' (see retryLater) while the keyspace is still in its waiting period. */
  async check(id: string): Promise<void> {
    const entry = (await this.load())[id];
    if (!entry) return;
    const wait = entry.last + delayAfter(entry.failures) - this.clock();
    if (wait > 0) throw retryLater(wait);
  }

  async failed(id: string): Promise<void> {
    const state = await this.load();
    state[id] = { failures: (state[id]?.failures ?? 0) + 1, last: this.clock() };
    await this.save(state);
  }

  async succeeded(id: string): Promise<void> {
    const state = await this.load();
    if (!state[id]) return;
    delete state[id];
    await this.save(state);
  }

  async forget(id: string): Promise<void> {
    await this.succeeded(id);
  }

  /** An unreadable file counts as no failures; the next failure rewrites it. */
  private async load(): Promise<State> {
    try {
      const parsed = stateSchema.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  }

  private async save(state: State): Promise<void> {
    await writeFileAtomic(this.file, JSON.stringify(state), 0o600);
  }
}
