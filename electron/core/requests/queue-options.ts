// The approval queue's options and their defaults: expiries, caps, rate limit, payload size, dedupe window.
import type { SourceKind } from '../../../shared/domain';
import type { AuditLogOptions } from './audit-log';
import type { Clock } from './clock';
import type { RateLimitOptions } from './rate-limit';

import type { Signer } from './signer';

export interface QueueOptions {
  /** policies.json and audit/ live here. */
  dataDir: string;
  signer: Signer;
  clock?: Clock;
  /** Per source kind; a request may ask for less, never more. */
  expiryMs?: Partial<Record<SourceKind, number>>;
  /** Per source (see requesterKey); unverified requests always draw on this one. */
  rateLimit?: RateLimitOptions;
  /** The own budget of a verified requester whose request a policy rule allows (see AdmissionLimits). */
  allowedRateLimit?: RateLimitOptions;
  /** Requests pending (or approved and waiting) at once; more are refused with 'queue_full'. */
  maxPending?: number;
  /**
   * Requests waiting for a decision at once from one requester (see requesterKey): a small cap for
   * unverified ones, shared per subject or server, so that one flood cannot crowd out the rest.
   */
  maxPendingPerRequester?: Partial<PendingCaps>;
  maxPayloadBytes?: number;
  /** How long a settled request still answers replays of itself with its outcome. */
  dedupeTtlMs?: number;
  audit?: AuditLogOptions;
  warn?: (message: string) => void;
}

/** SigSocket's reference server times out at 60 s; NATS callers get the same; a local user gets longer. */
export const DEFAULT_EXPIRY_MS: Record<SourceKind, number> = { sigsocket: 60_000, nats: 60_000, local: 300_000 };
export const DEFAULT_MAX_PENDING = 1000;
export interface PendingCaps {
  verified: number;
  unverified: number;
}
export const DEFAULT_PENDING_CAPS: PendingCaps = { verified: 250, unverified: 32 };
export const DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;
export const DEFAULT_DEDUPE_TTL_MS = 10 * 60_000;
