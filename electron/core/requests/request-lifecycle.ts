// How one admitted request moves: decided (policy or user), proceeds to its signature or release, and settles once.
import { type ErrorCode, toErrorPayload, WalletError } from '../../../shared/errors';
import type { AuditLog } from './audit-log';
import type { Clock } from './clock';
import type { PolicyEngine, RememberOptions } from './policies';
import type { QueuedRequest } from './request';
import { createRequestRecorder, type QueueEvents, type RequestRecorder } from './request-recorder';
import type { RequestTable } from './request-table';
import type { Signer } from './signer';

/** What the lifecycle holds; the recorder it builds writes to `audit` and tells `events`. */
export interface LifecycleDeps {
  table: RequestTable;
  signer: Signer;
  policies: PolicyEngine;
  audit: AuditLog;
  clock: Clock;
  events: QueueEvents;
  warn: (message: string) => void;
}

/** What a decision made by the user carries besides its verdict. */
export interface UserDecision {
  /** Turn this decision into a rule, then let it decide the other waiting requests. */
  remember?: RememberOptions;
  /** A script's password, typed at approval time: handed to that one run on release. */
  password?: string;
}

/**
 * The state machine of admitted requests: pending → approved → signed, or rejected / expired /
 * failed, with exactly one settle() per request and an audit line per transition. It holds the
 * table, the signer, the policies and the audit log; the queue decides only what gets admitted.
 */
export interface RequestLifecycle {
  readonly table: RequestTable;
  readonly policies: PolicyEngine;
  readonly audit: AuditLog;
  readonly closed: boolean;
  /** Takes an admitted request in: logs its arrival, lets the policies decide, shows it if it waits. */
  admit(req: QueuedRequest, requesterKey: string): void;
  /** The user approved a pending request: it proceeds (signs, waits for unlock, or is released). */
  approve(req: QueuedRequest, decision: UserDecision): void;
  /** The user rejected a request that is not being signed. */
  reject(req: QueuedRequest, reason: string, remember?: RememberOptions): void;
  /** The submitter could not carry out a released request. */
  fail(req: QueuedRequest, code: ErrorCode, reason: string): void;
  /** Re-decides every pending request against the current policies. */
  redecide(): void;
  /** Logs what a released request did; 'not_found' unless it was released and has no result yet. */
  recordResult(id: string, result: { ok: boolean; detail?: string }): void;
  /** Settles what waits as expired, lets running signatures finish, flushes policies and log. */
  close(): Promise<void>;
}

export function createRequestLifecycle(deps: LifecycleDeps): RequestLifecycle {
  return new Lifecycle(deps);
}

/** How often one request may be sent back by a 'locked' signer before it fails instead. */
const MAX_LOCK_RETRIES = 5;

class Lifecycle implements RequestLifecycle {
  readonly table: RequestTable;
  readonly policies: PolicyEngine;
  readonly audit: AuditLog;
  closed = false;
  private readonly signer: Signer;
  private readonly clock: Clock;
  private readonly recorder: RequestRecorder;
  /** Signatures being made right now; close() waits for them. */
  private signingCount = 0;
  private signingDrained: (() => void) | null = null;
  private readonly onLocked = (keyspace: string) => this.recorder.guard(() => this.keyspaceLocked(keyspace));
  private readonly onUnlocked = (keyspace: string) => this.recorder.guard(() => this.keyspaceUnlocked(keyspace));

  constructor(deps: LifecycleDeps) {
    this.table = deps.table;
    this.signer = deps.signer;
    this.policies = deps.policies;
    this.audit = deps.audit;
    this.clock = deps.clock;
    this.recorder = createRequestRecorder(deps);
    this.signer.on('locked', this.onLocked);
    this.signer.on('unlocked', this.onUnlocked);
  }

  // ## Decisions

  admit(req: QueuedRequest, requesterKey: string): void {
    const now = req.createdAt;
    req.unlockNeeded = needsUnlock(req) && !this.signer.isUnlocked(req.target.keyspace);
    this.table.add(req);
    this.recorder.arrived(req);
    this.decide(req);
    if (req.state === 'pending' && this.table.has(req.id)) this.table.countPending(req, requesterKey);
    // Only what waits is shown: a request a policy sent straight to signing never flashes up in the GUI.
    if (this.table.has(req.id) && !req.signing) {
      this.armExpiry(req, now);
      this.recorder.announce(req, 'added');
    }
  }

  approve(req: QueuedRequest, decision: UserDecision): void {
    if (decision.remember) this.policies.remember(req, 'allow', decision.remember);
    if (decision.password !== undefined) req.password = decision.password;
    this.markApproved(req, 'user');
    this.proceed(req);
    if (this.table.has(req.id)) this.recorder.announce(req, 'updated');
    if (decision.remember) this.redecide();
  }

  reject(req: QueuedRequest, reason: string, remember?: RememberOptions): void {
    if (remember) this.policies.remember(req, 'deny', remember);
    this.recorder.settle(req, { status: 'rejected', id: req.id, code: 'rejected', reason, decidedBy: 'user' });
    if (remember) this.redecide();
  }

  fail(req: QueuedRequest, code: ErrorCode, reason: string): void {
    this.recorder.settle(req, { status: 'failed', id: req.id, code, reason });
  }

  redecide(): void {
    for (const req of [...this.table.values()]) {
      if (req.state !== 'pending' || !this.table.has(req.id)) continue;
      this.decide(req);
      if (this.table.has(req.id) && req.decidedAt !== undefined) this.recorder.announce(req, 'updated');
    }
  }

  recordResult(id: string, result: { ok: boolean; detail?: string }): void {
    if (!this.recorder.result(id, result)) {
      throw new WalletError('not_found', 'no released request with that id awaits a result');
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.signer.off('locked', this.onLocked);
    this.signer.off('unlocked', this.onUnlocked);
    for (const req of [...this.table.values()]) {
      if (!req.signing)
        this.recorder.settle(req, {
          status: 'expired',
          id: req.id,
          code: 'expired',
          reason: 'the wallet is shutting down',
        });
    }
    await this.signaturesDone();
    await this.policies.flush().catch(() => {});
    await this.audit.close();
  }

  // ## State machine

  /** Applies the policy verdict to a pending request: reject, approve-and-proceed, or leave it to the user. */
  private decide(req: QueuedRequest): void {
    const decision = this.policies.evaluate(req);
    if (decision.effect === 'deny') {
      const reason = decision.reason ?? 'denied by a policy';
      this.recorder.settle(req, {
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

  private markApproved(req: QueuedRequest, by: string): void {
    this.table.uncountPending(req);
    req.state = 'approved';
    req.decidedBy = by;
    req.decidedAt = this.clock.now();
  }

  /** Moves an approved request on: wait for unlock, release it to its submitter, or sign it (once). */
  private proceed(req: QueuedRequest): void {
    if (req.state !== 'approved' || req.signing || !this.table.has(req.id)) return;
    if (needsUnlock(req) && !this.signer.isUnlocked(req.target.keyspace)) {
      // The 'settled' line carries decidedBy for approvals that go straight through; one that has to
      // wait for an unlock is logged now, so the log shows who approved it even if it never settles.
      this.recorder.decided(req);
      req.unlockNeeded = true;
      return;
    }
    req.unlockNeeded = false;
    if (req.operation !== 'sign') {
      const password = req.password;
      req.password = undefined;
      const decidedBy = req.decidedBy ?? 'user';
      this.recorder.settle(req, {
        status: 'approved',
        id: req.id,
        decidedBy,
        ...(password !== undefined ? { password } : {}),
      });
      return;
    }
    req.signing = true;
    req.signStartedAt = this.clock.now();
    this.signingCount++;
    void this.sign(req);
  }

  /** One signer call per request; 'locked' sends it back to waiting for unlock, other errors fail only this one. */
  private async sign(req: QueuedRequest): Promise<void> {
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
        this.recorder.settle(req, { status: 'signed', id: req.id, signature, signatureHex: hex, decidedBy });
      } else this.signFailed(req, failure);
    } finally {
      if (--this.signingCount === 0) this.signingDrained?.();
    }
  }

  /** Resolves once no signature is being made. */
  private signaturesDone(): Promise<void> {
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
        const now = this.clock.now();
        if (now >= req.expiresAt) {
          this.expire(req);
          return;
        }
        // Back to waiting: from now on it expires like any waiting request.
        this.armExpiry(req, now);
        if (unlocked) this.proceed(req);
        else this.recorder.announce(req, 'updated');
        return;
      }
    }
    const { code, message } = toErrorPayload(e);
    this.recorder.settle(req, { status: 'failed', id: req.id, code, reason: message });
  }

  /**
   * A request that waits (for a person, or for an unlock) expires at expiresAt. One a policy sent
   * straight to signing never waits, so it gets no timer: a signature being made is never expired.
   */
  private armExpiry(req: QueuedRequest, now: number): void {
    if (req.cancelTimer) return;
    req.cancelTimer = this.clock.setTimer(() => this.recorder.guard(() => this.expire(req)), req.expiresAt - now);
  }

  /** Time is up: expire unless a signature is being made right now (that one is delivered). */
  private expire(req: QueuedRequest): void {
    if (req.signing || !this.table.has(req.id)) return;
    this.recorder.settle(req, { status: 'expired', id: req.id, code: 'expired', reason: 'not decided in time' });
  }

  // ## Lock events

  private keyspaceLocked(keyspace: string): void {
    this.policies.onLocked(keyspace);
    for (const req of this.table.values()) {
      if (req.target.keyspace !== keyspace || req.signing || req.unlockNeeded || !needsUnlock(req)) continue;
      req.unlockNeeded = true;
      this.recorder.announce(req, 'updated');
    }
  }

  /** Requests already approved (by the user or a policy) go ahead once their keyspace unlocks. */
  private keyspaceUnlocked(keyspace: string): void {
    for (const req of [...this.table.values()]) {
      if (req.target.keyspace !== keyspace || !req.unlockNeeded) continue;
      req.unlockNeeded = false;
      this.proceed(req);
      if (this.table.has(req.id)) this.recorder.announce(req, 'updated');
    }
  }
}

/**
 * Only signing uses an unlocked keyspace's key here, so only it waits for an unlock. A script is
 * released on approval and opens the keyspaces it names itself, with the password given for it.
 */
function needsUnlock(req: QueuedRequest): boolean {
  return req.operation === 'sign';
}
