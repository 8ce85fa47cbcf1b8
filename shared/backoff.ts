// Retry delays (exponential growth with jitter, capped), so many clients that lost the same
// server do not come back in lock-step. SigSocket and NATS reconnects both draw from here.

export interface BackoffOptions {
  /** Delay before the first retry, before jitter. */
  initialMs?: number;
  /** Growth per failed attempt. */
  factor?: number;
  /** Ceiling of any delay. */
  maxMs?: number;
  /** Fraction of each delay that is random: 0.5 draws from [d/2, d]. */
  jitter?: number;
}

/**
 * SigSocket's reconnect default. A gentle growth (1.5x from 200 ms) keeps the wait after a server's return short: a server that
 * restarts within ~2.5 s is found again within ~1.5 s, while the 30 s cap still spares a dead one.
 */
export const DEFAULT_BACKOFF: Required<BackoffOptions> = { initialMs: 200, factor: 1.5, maxMs: 30_000, jitter: 0.5 };

/** Delay before retry number `attempt` (0-based): min(max, initial·factor^attempt) minus up to `jitter` of it. */
export function backoffDelay(attempt: number, opts: BackoffOptions = {}, random: () => number = Math.random): number {
  const o = { ...DEFAULT_BACKOFF, ...opts };
  const base = Math.min(o.maxMs, o.initialMs * o.factor ** Math.max(0, attempt));
  const jitter = Math.min(1, Math.max(0, o.jitter));
  return Math.round(base * (1 - jitter * random()));
}
