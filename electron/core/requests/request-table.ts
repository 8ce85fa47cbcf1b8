// The approval queue's pure state: live requests, who waits on whom, and what settled recently; no I/O, no events.
import type { RequestState } from '../../../shared/domain';
import { RecentCache } from './recent-cache';
import type { Outcome, QueuedRequest, RequestSummary } from './request';

/** Seen recently: a replay of the same source request gets this, not a second request. */
export interface Replay {
  id: string;
  summary: RequestSummary;
  outcome: Promise<Outcome>;
}

/** Released to its submitter (script, key management): kept so the result can be logged afterwards. */
export interface Released {
  id: string;
  summary: RequestSummary;
  state: RequestState;
}

/** Most settled requests remembered for replays and results; older ones are forgotten first. */
const MAX_REMEMBERED = 20_000;

/**
 * Every live request by id (in arrival order), each waiting one by its dedupe key, the number
 * waiting for a decision per requester, and the settled ones still answering replays and results.
 */
export interface RequestTable {
  readonly size: number;
  get(id: string): QueuedRequest | undefined;
  has(id: string): boolean;
  /** Live requests, oldest first. */
  values(): IterableIterator<QueuedRequest>;
  /**
   * A live request, or one settled within the dedupe window, that a source request id names. Its
   * outcome never carries the password typed for the original request.
   */
  prior(dedupeKey: string, now: number): Replay | undefined;
  /** Adds a live request; while it lives its dedupe key answers with it. */
  add(req: QueuedRequest): void;
  /**
   * Takes a request out of the live set and remembers it: its outcome answers replays (without a
   * password) and, if it was released to its submitter, its result may be logged. False if not live.
   */
  remove(req: QueuedRequest, outcome: Outcome, now: number): boolean;
  /** The released request a result belongs to, handed out once. */
  takeReleased(id: string, now: number): Released | undefined;
  /** Counts a request as waiting for a decision from `who` until uncounted. */
  countPending(req: QueuedRequest, who: string): void;
  uncountPending(req: QueuedRequest): void;
  pendingOf(who: string): number;
  /** Marks a request as shown to observers; true the first time. */
  markAnnounced(id: string): boolean;
  /** Forgets that a request was shown; true if it had been. */
  unannounce(id: string): boolean;
}

export function createRequestTable(dedupeTtlMs: number): RequestTable {
  return new MapRequestTable(dedupeTtlMs);
}

class MapRequestTable implements RequestTable {
  private readonly live = new Map<string, QueuedRequest>();
  private readonly waitingByKey = new Map<string, QueuedRequest>();
  private readonly replays: RecentCache<Replay>;
  private readonly released: RecentCache<Released>;
  private readonly pendingBy = new Map<string, number>();
  private readonly announced = new Set<string>();

  constructor(dedupeTtlMs: number) {
    this.replays = new RecentCache(dedupeTtlMs, MAX_REMEMBERED);
    this.released = new RecentCache(dedupeTtlMs, MAX_REMEMBERED);
  }

  get size(): number {
    return this.live.size;
  }

  get(id: string): QueuedRequest | undefined {
    return this.live.get(id);
  }

  has(id: string): boolean {
    return this.live.has(id);
  }

  values(): IterableIterator<QueuedRequest> {
    return this.live.values();
  }

  prior(dedupeKey: string, now: number): Replay | undefined {
    const waiting = this.waitingByKey.get(dedupeKey);
    if (!waiting) return this.replays.get(dedupeKey, now);
    // Only a script is released with a password; any other request shares its one outcome promise.
    if (waiting.operation !== 'script') return waiting;
    return { id: waiting.id, summary: waiting.summary, outcome: waiting.outcome.then(withoutPassword) };
  }

  add(req: QueuedRequest): void {
    this.live.set(req.id, req);
    if (req.dedupeKey !== undefined) this.waitingByKey.set(req.dedupeKey, req);
  }

  remove(req: QueuedRequest, outcome: Outcome, now: number): boolean {
    if (!this.live.delete(req.id)) return false;
    this.uncountPending(req);
    if (req.dedupeKey !== undefined) {
      this.waitingByKey.delete(req.dedupeKey);
      const replay = 'password' in outcome ? Promise.resolve(withoutPassword(outcome)) : req.outcome;
      this.replays.set(req.dedupeKey, { id: req.id, summary: req.summary, outcome: replay }, now);
    }
    if (req.state === 'approved')
      this.released.set(req.id, { id: req.id, summary: req.summary, state: req.state }, now);
    return true;
  }

  takeReleased(id: string, now: number): Released | undefined {
    const released = this.released.get(id, now);
    if (released) this.released.delete(id);
    return released;
  }

  countPending(req: QueuedRequest, who: string): void {
    req.pendingKey = who;
    this.pendingBy.set(who, (this.pendingBy.get(who) ?? 0) + 1);
  }

  uncountPending(req: QueuedRequest): void {
    const who = req.pendingKey;
    if (who === undefined) return;
    req.pendingKey = undefined;
    const left = (this.pendingBy.get(who) ?? 1) - 1;
    if (left > 0) this.pendingBy.set(who, left);
    else this.pendingBy.delete(who);
  }

  pendingOf(who: string): number {
    return this.pendingBy.get(who) ?? 0;
  }

  markAnnounced(id: string): boolean {
    if (this.announced.has(id)) return false;
    this.announced.add(id);
    return true;
  }

  unannounce(id: string): boolean {
    return this.announced.delete(id);
  }
}

/** The password typed at approval time belongs to the one outcome it was typed for, never to a replay's. */
function withoutPassword(outcome: Outcome): Outcome {
  return 'password' in outcome ? { ...outcome, password: undefined } : outcome;
}
