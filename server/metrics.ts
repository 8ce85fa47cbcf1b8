// Prometheus metrics of one server instance, through prom-client. Each server owns its own registry,
// so several instances in one process (tests, benchmarks) never share counters.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** How a POST /sign ended, as counted: one label value per HTTP outcome family. */
export const SIGN_RESULTS = [
  'signed',
  'rejected',
  'timeout',
  'not_connected',
  'invalid_signature',
  'refused',
  'cancelled',
] as const;
export type SignResult = (typeof SIGN_RESULTS)[number];

/** The metric label of a POST /sign answer status. */
export function signResultOf(status: number): SignResult {
  switch (status) {
    case 200:
      return 'signed';
    case 403:
      return 'rejected';
    case 504:
      return 'timeout';
    case 404:
      return 'not_connected';
    case 502:
      return 'invalid_signature';
    case 499:
      return 'cancelled';
    default:
      return 'refused';
  }
}

/** What the gauges read at scrape time. */
export interface MetricsSources {
  proven(): number;
  unproven(): number;
  pending(): number;
  /** 1 connected, 0 not; null when the instance runs standalone (the gauge is then absent). */
  natsConnected(): number | null;
}

export interface ServerMetrics {
  readonly registry: Registry;
  /** Counts one POST /sign outcome and its latency. */
  signed(status: number, seconds: number): void;
  /** Counts one refusal by a limit or guard (HTTP or WebSocket), by reason. */
  refused(reason: string): void;
}

/** Builds the registry: gauges are read from `sources` at scrape time, so nothing is updated twice. */
export function createMetrics(sources: MetricsSources, instanceId: string): ServerMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ instance_id: instanceId });
  // The process's own figures (CPU, memory, event-loop lag), as operators expect of any target.
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'sigsocket_wallets_connected',
    help: 'Wallet connections: proven ones receive requests, unproven ones have not proved their key yet',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.set({ state: 'proven' }, sources.proven());
      this.set({ state: 'unproven' }, sources.unproven());
    },
  });
  new Gauge({
    name: 'sigsocket_pending_requests',
    help: 'Sign requests waiting for a wallet on this instance',
    registers: [registry],
    collect() {
      this.set(sources.pending());
    },
  });
  if (sources.natsConnected() !== null) {
    new Gauge({
      name: 'sigsocket_nats_connected',
      help: '1 while this instance is connected to NATS',
      registers: [registry],
      collect() {
        this.set(sources.natsConnected() ?? 0);
      },
    });
  }
  const results = new Counter({
    name: 'sigsocket_sign_requests_total',
    help: 'POST /sign requests by result',
    labelNames: ['result'],
    registers: [registry],
  });
  for (const result of SIGN_RESULTS) results.inc({ result }, 0);
  const latency = new Histogram({
    name: 'sigsocket_sign_duration_seconds',
    help: 'POST /sign latency, from the parsed body to the answer',
    labelNames: ['result'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'sigsocket_refusals_total',
    help: 'Requests and connections refused by a limit or guard, by reason',
    labelNames: ['reason'],
    registers: [registry],
  });
  return {
    registry,
    signed(status, seconds) {
      const result = signResultOf(status);
      results.inc({ result });
      latency.observe({ result }, seconds);
    },
    refused(reason) {
      refusals.inc({ reason });
    },
  };
}
