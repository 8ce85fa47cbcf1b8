/**
 * The wallet's operational figures, collected in one place: an observer of the approval queue (its
 * 'settled' and 'refused' events, its size and its audit log's write totals) and of the connections
 * (read at scrape time). One prom-client registry per wallet, so several wallets in one process
 * (tests) never share counters. `crypto-cli listen|connect --metrics-port` serves it as Prometheus
 * text; the desktop app reads the same registry as figures (see figures.ts).
 */
import type { EventEmitter } from 'node:events';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Operation, RequestState } from '../../../shared/domain';
import { ConnectionStatus } from '../../../shared/ipc/schemas';
import type { Outcome, Refusal, RequestSource, RequestSummary, SettledTimings } from '../requests';

export type ConnectionState = ConnectionStatus['state'];
/** Every state a connection can be in: the state gauge has one series per state, exactly one of them 1. */
export const CONNECTION_STATES = ConnectionStatus.shape.state.options;

/** One connection as the metrics see it: which transport, a credential-free endpoint, its state. */
export interface ConnectionReading {
  kind: 'nats' | 'sigsocket';
  endpoint: string;
  state: ConnectionState;
}
/** Read at scrape time; the wallet, `listen` and `connect` each supply their own. */
export type ConnectionSource = () => ConnectionReading[];

/** What the metrics read of the queue; the queue itself satisfies it. */
export interface ObservedQueue extends Pick<EventEmitter, 'on' | 'off'> {
  readonly size: number;
  readonly audit: { readonly stats: AuditStats };
}
export interface AuditStats {
  readonly linesWritten: number;
  readonly writeFailures: number;
  readonly linesDropped: number;
}

/** How a request left: a settled state, or refused at the door. */
export type RequestOutcome = Exclude<RequestState, 'pending'> | Refusal;
/** Who decided: the user, a stored rule (a grant or a deny rule), the fallback, or auto-approve. */
export const DECIDERS = ['user', 'rule', 'default', 'auto'] as const;
export type Decider = (typeof DECIDERS)[number];

/** Buckets from a policy's instant decision to a person answering after minutes (the longest expiry is 5 min). */
const LATENCY_BUCKETS = [0.005, 0.05, 0.25, 1, 2.5, 5, 10, 20, 30, 60, 120, 300];

/** The audit log's decidedBy ('user', 'policy:<rule id>', 'policy:default', 'auto') as a metric label. */
export function deciderOf(decidedBy: string): Decider {
  if (decidedBy === 'policy:default') return 'default';
  if (decidedBy.startsWith('policy:')) return 'rule';
  return decidedBy === 'auto' ? 'auto' : 'user';
}

/** An endpoint label without userinfo, query or fragment: URLs may carry tokens, labels are public. */
export function endpointLabel(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    // A NATS subject or another non-URL name carries no credentials.
    return endpoint.slice(0, 256);
  }
}

export interface WalletMetricsOptions {
  queue: ObservedQueue;
  connections?: ConnectionSource;
}

export class WalletMetrics {
  readonly registry = new Registry();
  readonly connections: ConnectionSource;
  private readonly queue: ObservedQueue;
  private readonly requests: Counter<'source' | 'verified' | 'operation' | 'outcome'>;
  private readonly latency: Histogram<'source' | 'decided_by'>;
  private readonly grantHits: Counter<'source'>;
  private readonly onSettled = (outcome: Outcome, summary: RequestSummary, timings?: SettledTimings) =>
    this.settled(outcome, summary, timings);
  private readonly onRefused = (code: Refusal, source: RequestSource, operation: Operation) =>
    this.requests.inc({ ...requestLabels(source, operation), outcome: code });

  constructor(options: WalletMetricsOptions) {
    this.queue = options.queue;
    this.connections = options.connections ?? (() => []);
    const registers = [this.registry];
    const queue = this.queue;
    const connections = this.connections;
    this.requests = new Counter({
      name: 'wallet_requests_total',
      help: 'Requests that left the approval queue (settled or refused at once), by source, verified requester, operation and outcome',
      labelNames: ['source', 'verified', 'operation', 'outcome'],
      registers,
    });
    new Gauge({
      name: 'wallet_requests_pending',
      help: 'Requests in the approval queue now: waiting for a decision, an unlock or their signature',
      registers,
      collect() {
        this.set(queue.size);
      },
    });
    this.latency = new Histogram({
      name: 'wallet_approval_latency_seconds',
      help: 'From arrival to decision, for requests approved or rejected, by source and who decided',
      labelNames: ['source', 'decided_by'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.grantHits = new Counter({
      name: 'wallet_grant_hits_total',
      help: 'Requests approved by a stored rule (a remembered grant or a policy rule) without asking',
      labelNames: ['source'],
      registers,
    });
    new Gauge({
      name: 'wallet_connection_state',
      help: 'Each NATS or SigSocket connection: 1 for its current state, 0 for the others',
      labelNames: ['kind', 'endpoint', 'state'],
      registers,
      collect() {
        // Reset first: a removed connection must vanish, not linger at its last state.
        this.reset();
        for (const c of connections()) {
          for (const state of CONNECTION_STATES)
            this.set({ kind: c.kind, endpoint: c.endpoint, state }, +(c.state === state));
        }
      },
    });
    auditCounter('wallet_audit_writes_total', 'Audit-log lines written to disk', () => queue.audit.stats.linesWritten);
    auditCounter(
      'wallet_audit_write_failures_total',
      'Audit-log writes the disk refused (the lines are kept and retried)',
      () => queue.audit.stats.writeFailures,
    );
    auditCounter(
      'wallet_audit_dropped_total',
      'Audit-log lines dropped because the disk refused writes for too long',
      () => queue.audit.stats.linesDropped,
    );

    /** A counter whose running total lives in the audit log and is copied in at scrape time. */
    function auditCounter(name: string, help: string, read: () => number): void {
      new Counter({
        name,
        help,
        registers,
        collect() {
          this.reset();
          this.inc(read());
        },
      });
    }
    queue.on('settled', this.onSettled);
    queue.on('refused', this.onRefused);
  }

  /** Prometheus text exposition of every metric. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  /** Requests in the queue now. */
  get pending(): number {
    return this.queue.size;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Stops observing the queue (the registry keeps its last figures). */
  detach(): void {
    this.queue.off('settled', this.onSettled);
    this.queue.off('refused', this.onRefused);
  }

  private settled(outcome: Outcome, summary: RequestSummary, timings?: SettledTimings): void {
    const labels = requestLabels(summary.source, summary.operation);
    this.requests.inc({ ...labels, outcome: outcome.status });
    if (!('decidedBy' in outcome)) return;
    const decider = deciderOf(outcome.decidedBy);
    if (timings) this.latency.observe({ source: labels.source, decided_by: decider }, timings.waitMs / 1000);
    if (decider === 'rule' && outcome.status !== 'rejected') this.grantHits.inc({ source: labels.source });
  }
}

function requestLabels(source: RequestSource, operation: Operation) {
  return { source: source.kind, verified: String(source.verified), operation };
}
