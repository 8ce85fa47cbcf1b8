/**
 * Signed requests cannot be replayed: every signed request seen while its timestamp is still fresh
 * is remembered, and the same signed bytes from the same key again are refused as 'forbidden'
 * before anything runs, uses a grant or counts a use. A retry that is signed afresh (a new
 * timestamp, the same Wallet-Request-Id) is a new request here and gets the first answer from the
 * request-id dedupe instead.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { WalletError } from '../../../shared/errors';
import { MAX_CLOCK_SKEW_MS } from './identity';

/** Signed requests remembered at once; beyond this new ones wait, rather than letting old ones be forgotten early. */
export const MAX_REMEMBERED_SIGNATURES = 100_000;
/** How often, at most, the whole memory is swept for entries whose timestamp went stale. */
const SWEEP_EVERY_MS = 1_000;

export class ReplayGuard {
  /** Key and digest of the signed bytes → when its timestamp stops being accepted. */
  private readonly seen = new Map<string, number>();
  private sweptAt = 0;

  constructor(
    private readonly windowMs = MAX_CLOCK_SKEW_MS,
    private readonly capacity = MAX_REMEMBERED_SIGNATURES,
  ) {}

  /** Remembers one verified request; throws 'forbidden' for a replay, 'rate_limited' when memory is full. */
  admit(key: string, signed: { bytes: Uint8Array; timestampMs: number }, now: number): void {
    this.sweep(now, false);
    const id = `${key}:${bytesToHex(sha256(signed.bytes))}`;
    const until = this.seen.get(id);
    if (until !== undefined && until >= now) {
      throw new WalletError(
        'forbidden',
        'replayed request: this exact signed request was already received; a retry must be signed afresh (keep its Wallet-Request-Id to get the first answer)',
      );
    }
    if (this.seen.size >= this.capacity) this.sweep(now, true);
    if (this.seen.size >= this.capacity) {
      throw new WalletError('rate_limited', 'too many signed requests within the clock-skew window; try again shortly');
    }
    this.seen.set(id, signed.timestampMs + this.windowMs);
  }

  get size(): number {
    return this.seen.size;
  }

  /** Forgets entries whose timestamps would be refused as stale anyway. */
  private sweep(now: number, force: boolean): void {
    if (!force && now - this.sweptAt < SWEEP_EVERY_MS) return;
    this.sweptAt = now;
    for (const [id, until] of this.seen) if (until < now) this.seen.delete(id);
  }
}
