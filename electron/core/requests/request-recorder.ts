// Records what happens to requests: audit lines, observer events, and settle(), the one exit from the table.
import type { RequestState } from '../../../shared/domain';
import { auditEntryFor, auditLineFor, RESULT_DETAIL_MAX } from './audit-entry';
import type { AuditLog } from './audit-log';
import type { Clock } from './clock';
import type { Outcome, QueuedRequest, RequestSnapshot } from './request';
import type { RequestTable } from './request-table';
import { toSnapshot } from './request-view';

/** Pushed on 'changed' so the GUI can mirror the queue; snapshot() gives the full state at any time. */
export type QueueChange =
  | { type: 'added' | 'updated'; id: string; view: RequestSnapshot }
  | { type: 'removed'; id: string; state: RequestState };

/** How long a settled request waited for its decision, took to sign, and lived; sent with 'settled'. */
export type SettledTimings = { waitMs: number; signMs?: number; totalMs: number };

/** Where requests are reported to observers: the queue's EventEmitter satisfies this. */
export interface QueueEvents {
  emit(event: string, ...args: unknown[]): boolean;
  listenerCount(event: string): number;
}

export interface RecorderDeps {
  table: RequestTable;
  audit: AuditLog;
  clock: Clock;
  events: QueueEvents;
  warn: (message: string) => void;
}

/** Every transition the lifecycle makes is written and told here; nothing here decides anything. */
export interface RequestRecorder {
  /** The 'arrived' audit line. */
  arrived(req: QueuedRequest): void;
  /** The 'decided' audit line, once, for an approval that has to wait before it settles. */
  decided(req: QueuedRequest): void;
  /** Shows a waiting request to observers ('added' the first time, else `type`). */
  announce(req: QueuedRequest, type: 'added' | 'updated'): void;
  /**
   * The single exit: exactly one terminal state, one 'settled' line, one resolution per request.
   * A request no longer in the table is left alone.
   */
  settle(req: QueuedRequest, outcome: Outcome): void;
  /** The 'result' line of a released request; false unless it was released and has none yet. */
  result(id: string, result: { ok: boolean; detail?: string }): boolean;
  /** Runs fn; a throw (a listener's) is reported as a warning instead of breaking the caller. */
  guard(fn: () => unknown): void;
}

export function createRequestRecorder(deps: RecorderDeps): RequestRecorder {
  return new Recorder(deps);
}

class Recorder implements RequestRecorder {
  constructor(private readonly deps: RecorderDeps) {}

  arrived(req: QueuedRequest): void {
    this.deps.audit.appendLine(auditLineFor(req, 'arrived', req.createdAt));
  }

  decided(req: QueuedRequest): void {
    if (req.decisionLogged) return;
    req.decisionLogged = true;
    const at = req.decidedAt ?? this.deps.clock.now();
    this.deps.audit.appendLine(auditLineFor(req, 'decided', at, { decidedBy: req.decidedBy }));
  }

  announce(req: QueuedRequest, type: 'added' | 'updated'): void {
    const first = this.deps.table.markAnnounced(req.id);
    // The view (its preview included) is built only for a listener: a headless process has no one to show it to.
    if (this.deps.events.listenerCount('changed') === 0) return;
    this.emit('changed', { type: first ? 'added' : type, id: req.id, view: toSnapshot(req) });
  }

  settle(req: QueuedRequest, outcome: Outcome): void {
    const { table, clock, audit } = this.deps;
    if (!table.has(req.id)) return;
    req.password = undefined;
    req.cancelTimer?.();
    req.state = outcome.status;
    const now = clock.now();
    const timings: SettledTimings = { waitMs: (req.decidedAt ?? now) - req.createdAt, totalMs: now - req.createdAt };
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
    audit.appendLine(auditLineFor(req, 'settled', now, extra));
    table.remove(req, outcome, now);
    req.resolve(outcome);
    if (table.unannounce(req.id)) this.emit('changed', { type: 'removed', id: req.id, state: req.state });
    this.emit('settled', outcome, req.summary, timings);
  }

  result(id: string, result: { ok: boolean; detail?: string }): boolean {
    const now = this.deps.clock.now();
    const released = this.deps.table.takeReleased(id, now);
    if (!released) return false;
    const detail = result.detail?.slice(0, RESULT_DETAIL_MAX);
    const logged = { ok: result.ok, ...(detail !== undefined ? { detail } : {}) };
    this.deps.audit.append(auditEntryFor(released, 'result', now, { result: logged }));
    return true;
  }

  guard(fn: () => unknown): void {
    guarded(this.deps.warn, fn);
  }

  private emit(event: string, ...args: unknown[]): void {
    emitSafely(this.deps.events, this.deps.warn, event, ...args);
  }
}

/** A throwing listener must not break the state machine it is listening to. */
export function emitSafely(
  events: QueueEvents,
  warn: (message: string) => void,
  event: string,
  ...args: unknown[]
): void {
  if (events.listenerCount(event) === 0) return;
  guarded(warn, () => events.emit(event, ...args));
}

function guarded(warn: (message: string) => void, fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    warn(`internal listener error: ${e instanceof Error ? e.message : 'unknown'}`);
  }
}
