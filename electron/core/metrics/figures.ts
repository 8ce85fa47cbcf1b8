/**
 * The registry's figures as the contract's MetricsView: read from the same prom-client registry the
 * Prometheus endpoint serves, so the desktop app and an operator's dashboard never disagree.
 */
import type { MetricsView } from '../../../shared/ipc/schemas';
import { REFUSALS } from '../requests';
import type { WalletMetrics } from './wallet-metrics';

type Sample = { value: number; labels: Record<string, string | number>; metricName?: string };
type Metric = { name: string; values: Sample[] };

/** Sums one metric's samples whose labels match every given label (a missing metric sums to 0). */
function sum(metrics: Metric[], name: string, match: Record<string, string> = {}, sampleName = name): number {
  const metric = metrics.find((m) => m.name === name);
  if (!metric) return 0;
  let total = 0;
  for (const s of metric.values) {
    if ((s.metricName ?? name) !== sampleName) continue;
    if (Object.entries(match).every(([k, v]) => String(s.labels[k]) === v)) total += s.value;
  }
  return total;
}

export async function metricsFigures(metrics: WalletMetrics): Promise<MetricsView> {
  const all = (await metrics.registry.getMetricsAsJSON()) as unknown as Metric[];
  const outcome = (o: string) => sum(all, 'wallet_requests_total', { outcome: o });
  const latency = 'wallet_approval_latency_seconds';
  const userCount = sum(all, latency, { decided_by: 'user' }, `${latency}_count`);
  const userSeconds = sum(all, latency, { decided_by: 'user' }, `${latency}_sum`);
  const connections = metrics.connections();
  return {
    pending: sum(all, 'wallet_requests_pending'),
    outcomes: {
      signed: outcome('signed'),
      approved: outcome('approved'),
      rejected: outcome('rejected'),
      expired: outcome('expired'),
      failed: outcome('failed'),
      refused: REFUSALS.reduce((n, r) => n + outcome(r), 0),
    },
    grantHits: sum(all, 'wallet_grant_hits_total'),
    userDecisions: { count: userCount, meanMs: userCount > 0 ? Math.round((userSeconds / userCount) * 1000) : null },
    audit: { writes: sum(all, 'wallet_audit_writes_total'), failures: sum(all, 'wallet_audit_write_failures_total') },
    connections: { connected: connections.filter((c) => c.state === 'connected').length, total: connections.length },
  };
}
