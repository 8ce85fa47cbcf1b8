// What the wallet remembers about requests it has seen from one server, so a request replayed after a
// reconnect is answered from memory instead of being signed (or shown to the user) a second time.

export type RememberedOutcome = { ok: true; signature: Uint8Array } | { ok: false; reason: string };

interface Entry {
  /** SHA-256 hex of the message: a replay must carry the same message to be answered from memory. */
  digest: string;
  /** Undefined while the handler is still deciding. */
  outcome?: RememberedOutcome;
  /** When a settled entry may be forgotten. */
  expiresAt: number;
}

export type Recall =
  | { state: 'new' }
  | { state: 'in-flight' }
  | { state: 'settled'; outcome: RememberedOutcome }
  | { state: 'conflict' };

/**
 * Request ids and their outcomes for the expiry window. In-flight entries are never forgotten; settled
 * ones are dropped after `rememberMs`, or oldest-first past `maxEntries`, whichever comes first.
 */
export class OutcomeMemory {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly rememberMs: number,
    private readonly maxEntries = 50_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Looks an id up; a known id with a different message is a conflict (a server reusing ids). */
  recall(id: string, digest: string): Recall {
    this.sweep();
    const e = this.entries.get(id);
    if (e === undefined) return { state: 'new' };
    if (e.digest !== digest) return { state: 'conflict' };
    return e.outcome === undefined ? { state: 'in-flight' } : { state: 'settled', outcome: e.outcome };
  }

  /** Marks an id as being decided. */
  begin(id: string, digest: string): void {
    this.entries.set(id, { digest, expiresAt: Number.POSITIVE_INFINITY });
  }

  /** Records the decision; it is remembered for the expiry window from now. */
  settle(id: string, outcome: RememberedOutcome): void {
    const e = this.entries.get(id);
    if (e === undefined) return;
    // Re-insert so the map stays ordered by settle time and the sweep can stop at the first live entry.
    this.entries.delete(id);
    this.entries.set(id, { digest: e.digest, outcome, expiresAt: this.now() + this.rememberMs });
  }

  get size(): number {
    return this.entries.size;
  }

  /** Drops expired settled entries, then the oldest settled ones beyond the cap. */
  private sweep(): void {
    const t = this.now();
    let excess = this.entries.size - this.maxEntries;
    for (const [id, e] of this.entries) {
      if (e.outcome === undefined) continue;
      if (e.expiresAt <= t || excess > 0) {
        this.entries.delete(id);
        excess--;
        continue;
      }
      break;
    }
  }
}
