import { join } from 'node:path';
import { z } from 'zod';
import { type ErrorCode, WalletError } from '../../../shared/errors';
import { auditEntryFor, auditLineFor, RESULT_DETAIL_MAX } from './audit-entry';
import { exportAuditWithProof } from './audit-export';
import { AuditLog, type AuditLogOptions } from './audit-log';
import { type AuditFilter, type AuditPage, queryAudit } from './audit-query';
import { type Clock, systemClock } from './clock';
import { PolicyEngine, type RememberOptions, rememberSchema } from './policies';
import type { PolicyRule, PolicyRuleInput } from './policy-rule';
import { sha256Hex } from './preview';
import { RateLimiter, type RateLimitOptions, requesterKey } from './rate-limit';
import { expireInterrupted } from './recovery';
import {
  createRequest,
  dedupeKeyOf,
  needsUnlock,
  type Operation,
  type PendingRequestView,
  parseRequestInput,
  type QueuedRequest,
  type RequestInput,
  type RequestSource,
  requesterLabel,
  type SourceKind,
  type Submission,
  sameRequest,
  toView,
} from './request';
import { RequestLifecycle } from './request-lifecycle';
import type { Signer } from './signer';

export type { QueueChange, SettledTimings } from './request-lifecycle';

/** Why submit() may turn a well-formed request away before it is queued; sent with 'refused'. */
export const REFUSALS = ['rate_limited', 'queue_full'] as const;
export type Refusal = (typeof REFUSALS)[number];

export interface QueueOptions {
  /** policies.json and audit/ live here. */
  dataDir: string;
  signer: Signer;
  clock?: Clock;
  /** Per source kind; a request may ask for less, never more. */
  expiryMs?: Partial<Record<SourceKind, number>>;
  rateLimit?: RateLimitOptions;
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

const decisionOptionsSchema = z.strictObject({
  remember: rememberSchema.optional(),
  /** A script's password, typed at approval time: it goes to that one run and nowhere else. */
  password: z.string().min(1).max(1024).optional(),
  reason: z.string().max(500).optional(),
});
const resultSchema = z.strictObject({ ok: z.boolean(), detail: z.string().optional() });

/**
 * The one approval queue. Every request from every source goes through submit(); approve/reject
 * take ids only. Events: 'changed' (QueueChange), 'settled' (Outcome, RequestSummary, SettledTimings),
 * 'refused' (Refusal, RequestSource, Operation).
 */
export class RequestQueue extends RequestLifecycle {
  /** Ids the previous run left unsettled, closed as expired in the log on open. */
  expiredOnStart: string[] = [];
  private readonly limiter: RateLimiter;
  private readonly expiryMs: Record<SourceKind, number>;
  private readonly maxPending: number;
  private readonly pendingCaps: PendingCaps;
  private readonly maxPayloadBytes: number;

  private constructor(options: QueueOptions, policies: PolicyEngine, audit: AuditLog) {
    const expiryMs = { ...DEFAULT_EXPIRY_MS, ...options.expiryMs };
    // A waiting request must stay deduplicated for its whole life, however long its expiry is.
    const dedupeTtlMs = Math.max(options.dedupeTtlMs ?? DEFAULT_DEDUPE_TTL_MS, ...Object.values(expiryMs));
    super({
      signer: options.signer,
      clock: options.clock ?? systemClock,
      policies,
      audit,
      warn: options.warn ?? ((m) => process.stderr.write(`approval queue: ${m}\n`)),
      dedupeTtlMs,
    });
    this.expiryMs = expiryMs;
    this.maxPending = options.maxPending ?? DEFAULT_MAX_PENDING;
    this.pendingCaps = { ...DEFAULT_PENDING_CAPS, ...options.maxPendingPerRequester };
    this.maxPayloadBytes = options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
    this.limiter = new RateLimiter(options.rateLimit);
  }

  /** Opens the audit log (closing what a previous run left pending as expired) and the persisted policies. */
  static async open(options: QueueOptions): Promise<RequestQueue> {
    const clock = options.clock ?? systemClock;
    const warn = options.warn;
    const audit = await AuditLog.open(join(options.dataDir, 'audit'), { warn, ...options.audit });
    const expired = await expireInterrupted(audit, clock.now());
    const resolveKeys = options.signer.resolveKeys?.bind(options.signer);
    const policies = await PolicyEngine.open(join(options.dataDir, 'policies.json'), clock, warn, resolveKeys);
    const queue = new RequestQueue(options, policies, audit);
    queue.expiredOnStart = expired;
    return queue;
  }

  /**
   * Takes a request in. Throws WalletError at once for 'bad_input', 'rate_limited', 'queue_full',
   * 'unavailable' (closed). A replay of a known source request returns the original's outcome.
   */
  submit(input: RequestInput): Submission {
    const parsed = parseRequestInput(input, this.maxPayloadBytes);
    parsed.target.keypair = this.canonicalKeypair(parsed.target.keyspace, parsed.target.keypair);
    if (this.closed) throw new WalletError('unavailable', 'the approval queue is closed');
    const now = this.clock.now();
    const key = dedupeKeyOf(parsed.source);
    const prior = key === undefined ? undefined : (this.waitingByKey.get(key) ?? this.replays.get(key, now));
    if (prior) {
      if (!sameRequest(prior.summary, parsed, sha256Hex(parsed.payload))) {
        throw new WalletError('bad_input', 'source request id reused for a different request');
      }
      return { id: prior.id, duplicate: true, outcome: prior.outcome };
    }
    if (!this.limiter.take(parsed.source, now)) {
      throw this.refuse(parsed, 'rate_limited', `too many requests from ${requesterLabel(parsed.source)}; slow down`);
    }
    if (this.active.size >= this.maxPending) {
      throw this.refuse(parsed, 'queue_full', `the approval queue is full (${this.maxPending} waiting)`);
    }
    const who = requesterKey(parsed.source);
    const cap = parsed.source.verified ? this.pendingCaps.verified : this.pendingCaps.unverified;
    if ((this.pendingBy.get(who) ?? 0) >= cap) {
      const from = requesterLabel(parsed.source);
      throw this.refuse(parsed, 'queue_full', `${cap} requests from ${from} already wait for a decision; try later`);
    }
    const limit = this.expiryMs[parsed.source.kind];
    const req = createRequest(parsed, now, now + Math.min(limit, parsed.expiresInMs ?? limit), key);
    req.unlockNeeded = needsUnlock(req.operation) && !this.signer.isUnlocked(req.target.keyspace);
    this.active.set(req.id, req);
    if (key !== undefined) this.waitingByKey.set(key, req);
    req.cancelTimer = this.clock.setTimer(() => this.guard(() => this.expire(req)), req.expiresAt - now);
    this.audit.appendLine(auditLineFor(req, 'arrived', now));
    this.applyDecision(req);
    if (req.state === 'pending' && this.active.has(req.id)) this.countPending(req, who);
    // Only what waits is shown: a request a policy sent straight to signing never flashes up in the GUI.
    if (this.active.has(req.id) && !req.signing) this.announce(req, 'added');
    return { id: req.id, duplicate: false, outcome: req.outcome };
  }

  /**
   * Approves a pending request. False if it was already approved; 'not_found' if it is not waiting;
   * 'forbidden' for a grant grantTerms does not offer. A `password` travels with this request only.
   */
  approve(id: string, options: { remember?: RememberOptions; password?: string } = {}): boolean {
    const opts = parseOptions(options);
    const req = this.requireActive(id);
    if (req.state !== 'pending') return false;
    if (opts.password !== undefined && req.operation !== 'script') {
      throw new WalletError('bad_input', 'a password at approval time is only taken for a script');
    }
    if (opts.remember) this.policies.remember(req, 'allow', opts.remember);
    if (opts.password !== undefined) req.password = opts.password;
    this.markApproved(req, 'user');
    this.proceed(req);
    if (this.active.has(id)) this.announce(req, 'updated');
    if (opts.remember) this.applyPolicies();
    return true;
  }

  /** Rejects a waiting request. False if its signature is already being made; 'not_found' if it is not waiting. */
  reject(id: string, options: { remember?: RememberOptions; reason?: string } = {}): boolean {
    const opts = parseOptions(options);
    const req = this.requireActive(id);
    if (req.signing) return false;
    if (opts.remember) this.policies.remember(req, 'deny', opts.remember);
    const reason = opts.reason ?? 'rejected by the user';
    this.settle(req, { status: 'rejected', id, code: 'rejected', reason, decidedBy: 'user' });
    if (opts.remember) this.applyPolicies();
    return true;
  }

  /**
   * Approves exactly the named requests that are still pending; returns the ids approved. A batch
   * names what its dialog showed, so a request that arrived later is never touched by it.
   */
  approveBatch(requester: string, ids: readonly string[], options: { remember?: RememberOptions } = {}): string[] {
    return this.batchOf(requester, ids, 'pending').filter((id) => this.active.has(id) && this.approve(id, options));
  }

  /** Rejects exactly the named requests that still wait; returns the ids rejected. */
  rejectBatch(
    requester: string,
    ids: readonly string[],
    options: { remember?: RememberOptions; reason?: string } = {},
  ): string[] {
    return this.batchOf(requester, ids).filter((id) => this.active.has(id) && this.reject(id, options));
  }

  /** The requester withdrew (or its source knows it is gone): settles as expired unless already signing. */
  withdraw(id: string, reason = 'withdrawn by the requester'): boolean {
    const req = this.requireActive(id);
    if (req.signing) return false;
    this.settle(req, { status: 'expired', id, code: 'expired', reason });
    return true;
  }

  /**
   * The submitter cannot carry out a request it was told is approved (its keyspace would not open):
   * settles it as failed with that code, unless its signature is already being made.
   */
  fail(id: string, code: ErrorCode, reason: string): boolean {
    const req = this.active.get(id);
    if (!req || req.signing) return false;
    this.settle(req, { status: 'failed', id, code, reason });
    return true;
  }

  /** Logs what a released script or key-management action did; once per request, 'not_found' otherwise. */
  recordResult(id: string, result: { ok: boolean; detail?: string }): void {
    const parsed = resultSchema.safeParse(result);
    if (!parsed.success) throw new WalletError('bad_input', 'result must be { ok: boolean, detail?: string }');
    const now = this.clock.now();
    const released = this.released.get(id, now);
    if (!released) throw new WalletError('not_found', 'no released request with that id awaits a result');
    this.released.delete(id);
    const detail = parsed.data.detail?.slice(0, RESULT_DETAIL_MAX);
    const logged = { ok: parsed.data.ok, ...(detail !== undefined ? { detail } : {}) };
    this.audit.append(auditEntryFor(released, 'result', now, { result: logged }));
  }

  /** Every waiting request, newest first, as serialisable views (previews, never payload bytes). */
  snapshot(): PendingRequestView[] {
    const views: PendingRequestView[] = [];
    for (const req of this.active.values()) views.push(toView(req));
    return views.reverse();
  }

  get(id: string): PendingRequestView | undefined {
    const req = this.active.get(id);
    return req ? toView(req) : undefined;
  }

  get size(): number {
    return this.active.size;
  }

  /** Searches the audit log (filter parsed with zod; 'bad_input' if malformed). Newest first. */
  queryLog(filter: unknown = {}): Promise<AuditPage> {
    return queryAudit(this.audit, filter);
  }

  /** Exports matching audit entries as JSON or CSV text, with a fresh checkpoint as their proof. */
  async exportLog(format: 'json' | 'csv', filter: AuditFilter = {}): Promise<string> {
    await this.audit.checkpointAndFlush();
    return exportAuditWithProof(this.audit.files(), format, filter);
  }

  listPolicies(): PolicyRule[] {
    return this.policies.list();
  }

  /** Adds a rule and lets it decide the requests already waiting. */
  addPolicy(input: PolicyRuleInput, options: { persist?: boolean } = {}): PolicyRule {
    const rule = this.policies.add(input, options);
    this.applyPolicies();
    return rule;
  }

  revokePolicy(id: string): void {
    this.policies.revoke(id);
  }

  /** Re-decides every pending request against the current policies (after a rule or the fallback changed). */
  applyPolicies(): void {
    for (const req of [...this.active.values()]) {
      if (req.state !== 'pending' || !this.active.has(req.id)) continue;
      this.applyDecision(req);
      if (this.active.has(req.id) && req.decidedAt !== undefined) this.announce(req, 'updated');
    }
  }

  /** Settles everything still waiting as expired, lets running signatures finish, flushes the log. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.signer.off('locked', this.onLocked);
    this.signer.off('unlocked', this.onUnlocked);
    for (const req of [...this.active.values()]) {
      if (!req.signing)
        this.settle(req, { status: 'expired', id: req.id, code: 'expired', reason: 'the wallet is shutting down' });
    }
    await this.signaturesDone();
    await this.policies.flush().catch(() => {});
    await this.audit.close();
  }

  // ## Helpers

  /** A refusal is an answer to the submitter and an event for observers (metrics), never a queued request. */
  private refuse(parsed: { source: RequestSource; operation: Operation }, code: Refusal, message: string): WalletError {
    this.emitSafely('refused', code, parsed.source, parsed.operation);
    return new WalletError(code, message);
  }

  /** Rules match keys, not spellings: a request's keypair becomes its canonical public key on arrival. */
  private canonicalKeypair(keyspace: string, keypair: string): string {
    if (keypair === '' || keypair === '*') return keypair;
    const keys = this.signer.resolveKeys?.(keyspace, keypair) ?? [];
    return keys.length === 1 ? keys[0] : keypair;
  }

  private requireActive(id: string): QueuedRequest {
    const req = typeof id === 'string' ? this.active.get(id) : undefined;
    if (!req) throw new WalletError('not_found', 'no waiting request with that id');
    return req;
  }

  /**
   * The named requests still waiting (in `state`, if given), oldest first. Ones already settled are
   * skipped; a name that belongs to another requester refuses the whole batch before anything is decided.
   */
  private batchOf(requester: string, ids: readonly string[], state?: 'pending'): string[] {
    const named = new Set(ids);
    const waiting = [...this.active.values()].filter((r) => named.has(r.id));
    const stranger = waiting.find((r) => r.requester !== requester);
    if (stranger) throw new WalletError('bad_input', `request ${stranger.id} is not from ${requester}`);
    return waiting.filter((r) => !state || r.state === state).map((r) => r.id);
  }
}

/** Decision options from IPC: malformed ones are 'bad_input'. */
function parseOptions(options: unknown): z.output<typeof decisionOptionsSchema> {
  const parsed = decisionOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) throw new WalletError('bad_input', `invalid options: ${parsed.error.issues[0].message}`);
  return parsed.data;
}
