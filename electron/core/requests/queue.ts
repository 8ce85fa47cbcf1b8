// The approval queue's front door: admission (parsing, dedupe, rate limits, per-requester caps) and its public API.

import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { z } from 'zod';
import type { Operation, SourceKind } from '../../../shared/domain';
import { type ErrorCode, WalletError } from '../../../shared/errors';
import type { PendingRequestView } from '../../../shared/ipc/schemas';
import { issueMessage } from '../../../shared/zod-issue';
import { AuditLog } from './audit-log';
import { type Clock, systemClock } from './clock';
import { PolicyEngine, type RememberOptions, rememberSchema } from './policies';
import type { PolicyRule, PolicyRuleInput } from './policy-rule';
import { sha256Hex } from './preview';
import {
  DEFAULT_DEDUPE_TTL_MS,
  DEFAULT_EXPIRY_MS,
  DEFAULT_MAX_PAYLOAD_BYTES,
  DEFAULT_MAX_PENDING,
  DEFAULT_PENDING_CAPS,
  type PendingCaps,
  type QueueOptions,
} from './queue-options';
import { AdmissionLimits, requesterKey } from './rate-limit';
import { expireInterrupted } from './recovery';
import {
  createRequest,
  dedupeKeyOf,
  parseRequestInput,
  type QueuedRequest,
  type RequestInput,
  type RequestSnapshot,
  type RequestSource,
  requesterLabel,
  type Submission,
  sameRequest,
} from './request';
import { createRequestLifecycle, type RequestLifecycle } from './request-lifecycle';
import { emitSafely } from './request-recorder';
import { createRequestTable, type RequestTable } from './request-table';
import { contractView, toSnapshot, type ViewLookups } from './request-view';
import type { Signer } from './signer';

export { DEFAULT_EXPIRY_MS, DEFAULT_MAX_PENDING, type QueueOptions } from './queue-options';
export type { QueueChange, SettledTimings } from './request-recorder';

/** Why submit() may turn a well-formed request away before it is queued; sent with 'refused'. */
export const REFUSALS = ['rate_limited', 'queue_full'] as const;
export type Refusal = (typeof REFUSALS)[number];

const decisionOptionsSchema = z.strictObject({
  remember: rememberSchema.optional(),
  /** A script's password, typed at approval time: it goes to that one run and nowhere else. */
  password: z.string().min(1).max(1024).optional(),
  reason: z.string().max(500).optional(),
});
const resultSchema = z.strictObject({ ok: z.boolean(), detail: z.string().optional() });

/**
 * The one approval queue. Every request from every source goes through submit(); approve/reject
 * take ids only. Admission (parsing, dedupe, rate limits, caps) happens here; what follows belongs
 * to the lifecycle it holds. Events: 'changed' (QueueChange), 'settled' (Outcome, RequestSummary,
 * SettledTimings), 'refused' (Refusal, RequestSource, Operation).
 */
export class RequestQueue extends EventEmitter {
  /** Ids the previous run left unsettled, closed as expired in the log on open. */
  expiredOnStart: string[] = [];
  private readonly lifecycle: RequestLifecycle;
  private readonly table: RequestTable;
  private readonly clock: Clock;
  private readonly warn: (message: string) => void;
  /** Names a keypair by its canonical public key (the vault's index); absent, names stay as written. */
  private readonly resolveKeys: Signer['resolveKeys'];
  private readonly limiter: AdmissionLimits;
  private readonly expiryMs: Record<SourceKind, number>;
  private readonly maxPending: number;
  private readonly pendingCaps: PendingCaps;
  private readonly maxPayloadBytes: number;

  private constructor(options: QueueOptions, policies: PolicyEngine, audit: AuditLog) {
    super();
    this.expiryMs = { ...DEFAULT_EXPIRY_MS, ...options.expiryMs };
    // A waiting request must stay deduplicated for its whole life, however long its expiry is.
    const dedupeTtlMs = Math.max(options.dedupeTtlMs ?? DEFAULT_DEDUPE_TTL_MS, ...Object.values(this.expiryMs));
    this.clock = options.clock ?? systemClock;
    this.warn = options.warn ?? ((m) => process.stderr.write(`approval queue: ${m}\n`));
    this.table = createRequestTable(dedupeTtlMs);
    this.lifecycle = createRequestLifecycle({
      table: this.table,
      signer: options.signer,
      policies,
      audit,
      clock: this.clock,
      events: this,
      warn: this.warn,
    });
    this.resolveKeys = options.signer.resolveKeys?.bind(options.signer);
    this.maxPending = options.maxPending ?? DEFAULT_MAX_PENDING;
    this.pendingCaps = { ...DEFAULT_PENDING_CAPS, ...options.maxPendingPerRequester };
    this.maxPayloadBytes = options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
    this.limiter = new AdmissionLimits(options.rateLimit, options.allowedRateLimit);
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

  get policies(): PolicyEngine {
    return this.lifecycle.policies;
  }

  get audit(): AuditLog {
    return this.lifecycle.audit;
  }

  /**
   * Takes a request in. Throws WalletError at once for 'bad_input', 'rate_limited', 'queue_full',
   * 'unavailable' (closed). A replay of a known source request returns the original's outcome.
   */
  submit(input: RequestInput): Submission {
    const parsed = parseRequestInput(input, this.maxPayloadBytes);
    parsed.target.keypair = this.canonicalKeypair(parsed.target.keyspace, parsed.target.keypair);
    if (this.lifecycle.closed) throw new WalletError('unavailable', 'the approval queue is closed');
    const now = this.clock.now();
    const key = dedupeKeyOf(parsed.source);
    const prior = key === undefined ? undefined : this.table.prior(key, now);
    if (prior) {
      if (!sameRequest(prior.summary, parsed, sha256Hex(parsed.payload))) {
        throw new WalletError('bad_input', 'source request id reused for a different request');
      }
      return { id: prior.id, duplicate: true, outcome: prior.outcome };
    }
    // Only a verified requester can draw on the allowed budget, so only its request is matched against the rules here.
    const allowedByRule =
      parsed.source.verified && this.policies.allowsByRule({ ...parsed, requester: requesterLabel(parsed.source) });
    if (!this.limiter.take(parsed.source, now, allowedByRule)) {
      throw this.refuse(parsed, 'rate_limited', `too many requests from ${requesterLabel(parsed.source)}; slow down`);
    }
    if (this.table.size >= this.maxPending) {
      throw this.refuse(parsed, 'queue_full', `the approval queue is full (${this.maxPending} waiting)`);
    }
    const who = requesterKey(parsed.source);
    const cap = parsed.source.verified ? this.pendingCaps.verified : this.pendingCaps.unverified;
    if (this.table.pendingOf(who) >= cap) {
      const from = requesterLabel(parsed.source);
      throw this.refuse(parsed, 'queue_full', `${cap} requests from ${from} already wait for a decision; try later`);
    }
    const limit = this.expiryMs[parsed.source.kind];
    const req = createRequest(parsed, now, now + Math.min(limit, parsed.expiresInMs ?? limit), key);
    this.lifecycle.admit(req, who);
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
    this.lifecycle.approve(req, opts);
    return true;
  }

  /** Rejects a waiting request. False if its signature is already being made; 'not_found' if it is not waiting. */
  reject(id: string, options: { remember?: RememberOptions; reason?: string } = {}): boolean {
    const opts = parseOptions(options);
    const req = this.requireActive(id);
    if (req.signing) return false;
    this.lifecycle.reject(req, opts.reason ?? 'rejected by the user', opts.remember);
    return true;
  }

  /**
   * Approves exactly the named requests that are still pending; returns the ids approved. A batch
   * names what its dialog showed, so a request that arrived later is never touched by it.
   */
  approveBatch(requester: string, ids: readonly string[], options: { remember?: RememberOptions } = {}): string[] {
    return this.batchOf(requester, ids, 'pending').filter((id) => this.table.has(id) && this.approve(id, options));
  }

  /** Rejects exactly the named requests that still wait; returns the ids rejected. */
  rejectBatch(
    requester: string,
    ids: readonly string[],
    options: { remember?: RememberOptions; reason?: string } = {},
  ): string[] {
    return this.batchOf(requester, ids).filter((id) => this.table.has(id) && this.reject(id, options));
  }

  /**
   * The submitter cannot carry out a request it was told is approved (its keyspace would not open):
   * settles it as failed with that code, unless its signature is already being made.
   */
  fail(id: string, code: ErrorCode, reason: string): boolean {
    const req = this.table.get(id);
    if (!req || req.signing) return false;
    this.lifecycle.fail(req, code, reason);
    return true;
  }

  /** Logs what a released script or key-management action did; once per request, 'not_found' otherwise. */
  recordResult(id: string, result: { ok: boolean; detail?: string }): void {
    const parsed = resultSchema.safeParse(result);
    if (!parsed.success) throw new WalletError('bad_input', 'result must be { ok: boolean, detail?: string }');
    this.lifecycle.recordResult(id, parsed.data);
  }

  /** Every waiting request, newest first, as serialisable snapshots (previews, never payload bytes). */
  snapshot(): RequestSnapshot[] {
    const snapshots: RequestSnapshot[] = [];
    for (const req of this.table.values()) snapshots.push(toSnapshot(req));
    return snapshots.reverse();
  }

  /** Every waiting request, newest first, as the contract's view the GUI shows. */
  views(lookups: ViewLookups = {}): PendingRequestView[] {
    const views: PendingRequestView[] = [];
    for (const req of this.table.values()) views.push(contractView(req, lookups));
    return views.reverse();
  }

  get(id: string): RequestSnapshot | undefined {
    const req = this.table.get(id);
    return req ? toSnapshot(req) : undefined;
  }

  get size(): number {
    return this.table.size;
  }

  listPolicies(): PolicyRule[] {
    return this.policies.list();
  }

  /** Adds a rule and lets it decide the requests already waiting. */
  addPolicy(input: PolicyRuleInput, options: { persist?: boolean } = {}): PolicyRule {
    const rule = this.policies.add(input, options);
    this.lifecycle.redecide();
    return rule;
  }

  revokePolicy(id: string): void {
    this.policies.revoke(id);
  }

  /** Re-decides every pending request against the current policies (after a rule or the fallback changed). */
  applyPolicies(): void {
    this.lifecycle.redecide();
  }

  /** Settles everything still waiting as expired, lets running signatures finish, flushes the log. */
  close(): Promise<void> {
    return this.lifecycle.close();
  }

  // ## Helpers

  /** A refusal is an answer to the submitter and an event for observers (metrics), never a queued request. */
  private refuse(parsed: { source: RequestSource; operation: Operation }, code: Refusal, message: string): WalletError {
    emitSafely(this, this.warn, 'refused', code, parsed.source, parsed.operation);
    return new WalletError(code, message);
  }

  /** Rules match keys, not spellings: a request's keypair becomes its canonical public key on arrival. */
  private canonicalKeypair(keyspace: string, keypair: string): string {
    if (keypair === '' || keypair === '*') return keypair;
    const keys = this.resolveKeys?.(keyspace, keypair) ?? [];
    return keys.length === 1 ? keys[0]! : keypair;
  }

  private requireActive(id: string): QueuedRequest {
    const req = typeof id === 'string' ? this.table.get(id) : undefined;
    if (!req) throw new WalletError('not_found', 'no waiting request with that id');
    return req;
  }

  /**
   * The named requests still waiting (in `state`, if given), oldest first. Ones already settled are
   * skipped; a name that belongs to another requester refuses the whole batch before anything is decided.
   */
  private batchOf(requester: string, ids: readonly string[], state?: 'pending'): string[] {
    const named = new Set(ids);
    const waiting = [...this.table.values()].filter((r) => named.has(r.id));
    const stranger = waiting.find((r) => r.requester !== requester);
    if (stranger) throw new WalletError('bad_input', `request ${stranger.id} is not from ${requester}`);
    return waiting.filter((r) => !state || r.state === state).map((r) => r.id);
  }
}

/** Decision options from IPC: malformed ones are 'bad_input'. */
function parseOptions(options: unknown): z.output<typeof decisionOptionsSchema> {
  const parsed = decisionOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) throw new WalletError('bad_input', `invalid options: ${issueMessage(parsed.error)}`);
  return parsed.data;
}
