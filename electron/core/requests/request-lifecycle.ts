import { EventEmitter } from 'node:events';
import { toErrorPayload, WalletError } from '../../../shared/errors';
import { auditLineFor } from './audit-entry';
import type { AuditLog } from './audit-log';
import type { Clock } from './clock';
import type { PolicyEngine } from './policies';
import { RecentCache } from './recent-cache';
import {
  needsUnlock,
  type Outcome,
  type PendingRequestView,
  type QueuedRequest,
  type RequestState,
  type RequestSummary,
  toView,
} from './request';
import type { Signer } from './signer';

/** Pushed on 'changed' so the GUI can mirror the queue; snapshot() gives the full state at any time. */
export type QueueChange =
  | { type: 'added' | 'updated'; id: string; view: PendingRequestView }
  | { type: 'removed'; id: string; state: RequestState };

/** Seen recently: a replay of the same source request gets this, not a second request. */
type Replay = { id: string; summary: RequestSummary; outcome: Promise<Outcome> };
/** How long a settled request waited for its decision, took to sign, and lived; sent with 'settled'. */
export type SettledTimings = { waitMs: number; signMs?: number; totalMs: number };
/** Released to its submitter (script, key management): kept so the result can be logged afterwards. */
type Released = { id: string; summary: RequestSummary; state: RequestState };

/** How often one request may be sent back by a 'locked' signer before it fails instead. */
const MAX_LOCK_RETRIES = 5;

export interface LifecycleDeps {
  signer: Signer;
  clock: Clock;
  policies: PolicyEngine;
  audit: AuditLog;
  warn: (message: string) => void;
  dedupeTtlMs: number;
}

/**
 * How one request moves: pending → approved → signed, or rejected / expired / failed, with exactly
 * one settle() per request. RequestQueue adds admission and the user-facing API on top.
 */
export class RequestLifecycle extends EventEmitter {
  readonly policies: PolicyEngine;
  readonly audit: AuditLog;
  protected readonly active = new Map<string, QueuedRequest>();
  protected readonly announced = new Set<string>();
  /** Waiting requests by dedupe key; once settled they move to `replays` for dedupeTtlMs. */
  protected readonly waitingByKey = new Map<string, QueuedRequest>();
  protected readonly replays: RecentCache<Replay>;
  protected readonly released: RecentCache<Released>;
  /** Requests waiting for a decision, per requesterKey: what the per-requester cap counts. */
  protected readonly pendingBy = new Map<string, number>();
  /** Signatures being made right now; close() waits for them. */
  protected signingCount = 0;
  private signingDrained: (() => void) | null = null;
  protected readonly signer: Signer;
  protected readonly clock: Clock;
  protected readonly warn: (message: string) => void;
  protected closed = false;
  protected readonly onLocked = (keyspace: string) => this.guard(() => this.keyspaceLocked(keyspace));
  protected readonly onUnlocked = (keyspace: string) => this.guard(() => this.keyspaceUnlocked(keyspace));

  constructor(deps: LifecycleDeps) {
    super();
    this.signer = deps.signer;
    this.clock = deps.clock;
    this.policies = deps.policies;
    this.audit = deps.audit;
    this.warn = deps.warn;
    this.replays = new RecentCache(deps.dedupeTtlMs, 20_000);
    this.released = new RecentCache(deps.dedupeTtlMs, 20_000);
    this.signer.on('locked', this.onLocked);
    this.signer.on('unlocked', this.onUnlocked);
  }

  // ## State machine

  /** Applies the policy verdict to a pending request: reject, approve-and-proceed, or leave it to the user. */
  protected applyDecision(req: QueuedRequest): void {
    const decision = this.policies.evaluate(req);
    if (decision.effect === 'deny') {
      const reason = decision.reason ?? 'denied by a policy';
      this.settle(req, {
        status: 'rejected',
        id: req.id,
        code: 'rejected',
        reason,
        decidedBy: decision.by ?? 'policy',
      });
    } else if (decision.effect === 'allow') {
      this.markApproved(req, decision.by ?? 'policy');
      this.proceed(req);
    }
  }

  /** Counts a request as waiting for a decision from `who` until it is decided or settled. */
  protected countPending(req: QueuedRequest, who: string): void {
    req.pendingKey = who;
    this.pendingBy.set(who, (this.pendingBy.get(who) ?? 0) + 1);
  }

  private uncountPending(req: QueuedRequest): void {
    const who = req.pendingKey;
    if (who === undefined) return;
    req.pendingKey = undefined;
    const left = (this.pendingBy.get(who) ?? 1) - 1;
    if (left > 0) this.pendingBy.set(who, left);
    else this.pendingBy.delete(who);
  }

  protected markApproved(req: QueuedRequest, by: string): void {
    this.uncountPending(req);
    req.state = 'approved';
    req.decidedBy = by;
    req.decidedAt = this.clock.now();
  }

  private logDecision(req: QueuedRequest): void {
    if (req.decisionLogged) return;
    req.decisionLogged = true;
    this.audit.appendLine(
      auditLineFor(req, 'decided', req.decidedAt ?? this.clock.now(), { decidedBy: req.decidedBy }),
    );
  }

  /** Moves an approved request on: wait for unlock, release it to its submitter, or sign it (once). */
  protected proceed(req: QueuedRequest): void {
    if (req.state !== 'approved' || req.signing || !this.active.has(req.id)) return;
    if (needsUnlock(req.operation) && !this.signer.isUnlocked(req.target.keyspace)) {
      // The 'settled' line carries decidedBy for approvals that go straight through; one that has to
      // wait for an unlock is logged now, so the log shows who approved it even if it never settles.
      this.logDecision(req);
      req.unlockNeeded = true;
      return;
    }
    req.unlockNeeded = false;
    if (req.operation !== 'sign') {
      const password = req.password;
      req.password = undefined;
      const decidedBy = req.decidedBy ?? 'user';
      this.settle(req, { status: 'approved', id: req.id, decidedBy, ...(password !== undefined ? { password } : {}) });
      return;
    }
    req.signing = true;
    req.signStartedAt = this.clock.now();
    this.signingCount++;
    void this.sign(req);
  }

  /** One signer call per request; 'locked' sends it back to waiting for unlock, other errors fail only this one. */
  protected async sign(req: QueuedRequest): Promise<void> {
    let signature: Uint8Array | null = null;
    let failure: unknown = null;
    try {
      signature = await this.signer.sign(req.target.keyspace, req.target.keypair, req.payload);
      if (!(signature instanceof Uint8Array)) throw new TypeError('signer returned no bytes');
    } catch (e) {
      failure = e;
    }
    req.signing = false;
    try {
      if (signature && failure === null) {
        const hex = Buffer.from(signature).toString('hex');
        const decidedBy = req.decidedBy ?? 'user';
        this.settle(req, { status: 'signed', id: req.id, signature, signatureHex: hex, decidedBy });
      } else this.signFailed(req, failure);
    } finally {
      if (--this.signingCount === 0) this.signingDrained?.();
    }
  }

  /** Resolves once no signature is being made. */
  protected signaturesDone(): Promise<void> {
    if (this.signingCount === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.signingDrained = () => {
        this.signingDrained = null;
        resolve();
      };
    });
  }

  /**
   * A lock that raced the signature sends it back to wait; a signer that says 'locked' while
   * reporting itself unlocked gets a few retries (an unlock may have raced too), then fails.
   */
  private signFailed(req: QueuedRequest, e: unknown): void {
    if (e instanceof WalletError && e.code === 'locked' && !this.closed) {
      const unlocked = this.signer.isUnlocked(req.target.keyspace);
      if (unlocked) req.lockRetries = (req.lockRetries ?? 0) + 1;
      if (!unlocked || (req.lockRetries ?? 0) <= MAX_LOCK_RETRIES) {
        req.unlockNeeded = true;
        if (this.clock.now() >= req.expiresAt) this.expire(req);
        else if (unlocked) this.proceed(req);
        else this.announce(req, 'updated');
        return;
      }
    }
    const { code, message } = toErrorPayload(e);
    this.settle(req, { status: 'failed', id: req.id, code, reason: message });
  }

  /** Time is up: expire unless a signature is being made right now (that one is delivered). */
  protected expire(req: QueuedRequest): void {
    if (req.signing || !this.active.has(req.id)) return;
    this.settle(req, { status: 'expired', id: req.id, code: 'expired', reason: 'not decided in time' });
  }

  /** The single exit: exactly one terminal state, one 'settled' log line, one resolution per request. */
  protected settle(req: QueuedRequest, outcome: Outcome): void {
    if (!this.active.delete(req.id)) return;
    req.password = undefined;
    this.uncountPending(req);
    req.cancelTimer?.();
    req.state = outcome.status;
    const now = this.clock.now();
    const timings: SettledTimings = {
      waitMs: (req.decidedAt ?? now) - req.createdAt,
      totalMs: now - req.createdAt,
    };
    if (req.signStartedAt !== undefined) timings.signMs = now - req.signStartedAt;
    const extra: Parameters<typeof auditLineFor>[3] = {};
    if (outcome.status === 'signed' || outcome.status === 'approved' || outcome.status === 'rejected') {
      extra.decidedBy = outcome.decidedBy;
    }
    if (outcome.status === 'rejected' || outcome.status === 'expired' || outcome.status === 'failed') {
      extra.reason = outcome.reason;
      extra.code = outcome.code;
    }
    if (outcome.status === 'signed') extra.signature = outcome.signatureHex;
    extra.timings = timings;
    this.audit.appendLine(auditLineFor(req, 'settled', now, extra));
    if (req.dedupeKey !== undefined) {
      this.waitingByKey.delete(req.dedupeKey);
      // A replay gets the outcome without the password typed for the original run.
      const kept = 'password' in outcome ? Promise.resolve({ ...outcome, password: undefined }) : req.outcome;
      this.replays.set(req.dedupeKey, { id: req.id, summary: req.summary, outcome: kept }, now);
    }
    if (outcome.status === 'approved')
      this.released.set(req.id, { id: req.id, summary: req.summary, state: req.state }, now);
    req.resolve(outcome);
    if (this.announced.delete(req.id)) this.emitSafely('changed', { type: 'removed', id: req.id, state: req.state });
    this.emitSafely('settled', outcome, req.summary, timings);
  }

  // ## Lock events

  protected keyspaceLocked(keyspace: string): void {
    this.policies.onLocked(keyspace);
    for (const req of this.active.values()) {
      if (req.target.keyspace !== keyspace || req.signing || req.unlockNeeded || !needsUnlock(req.operation)) continue;
      req.unlockNeeded = true;
      this.announce(req, 'updated');
    }
  }

  /** Requests already approved (by the user or a policy) go ahead once their keyspace unlocks. */
  protected keyspaceUnlocked(keyspace: string): void {
    for (const req of [...this.active.values()]) {
      if (req.target.keyspace !== keyspace || !req.unlockNeeded) continue;
      req.unlockNeeded = false;
      this.proceed(req);
      if (this.active.has(req.id)) this.announce(req, 'updated');
    }
  }

  // ## Events

  protected announce(req: QueuedRequest, type: 'added' | 'updated'): void {
    const first = !this.announced.has(req.id);
    this.announced.add(req.id);
    // The view (its preview included) is built only for a listener: a headless process has no one to show it to.
    if (this.listenerCount('changed') === 0) return;
    this.emitSafely('changed', { type: first ? 'added' : type, id: req.id, view: toView(req) });
  }

  /** A throwing listener must not break the state machine it is listening to. */
  protected emitSafely(event: string, ...args: unknown[]): void {
    if (this.listenerCount(event) === 0) return;
    this.guard(() => this.emit(event, ...args));
  }

  protected guard(fn: () => unknown): void {
    try {
      fn();
    } catch (e) {
      this.warn(`internal listener error: ${e instanceof Error ? e.message : 'unknown'}`);
    }
  }
}
