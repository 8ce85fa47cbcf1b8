/** The Connections status line: the listener's figures since start, as one sentence of short parts. */
import type { MetricsView } from '../../../../shared/ipc/schemas';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Seconds with one decimal below a minute, whole minutes and seconds above. */
export function formatWait(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** The parts of the line, in reading order; zero counts of rare outcomes are left out to keep it short. */
export function figureParts(f: MetricsView): string[] {
  const o = f.outcomes;
  const handled = o.signed + o.approved + o.rejected + o.expired + o.failed + o.refused;
  const parts = [`${f.connections.connected} of ${f.connections.total} connected`, `${f.pending} waiting`];
  parts.push(`${plural(handled, 'request')} handled`);
  if (handled > 0) parts.push(`${o.signed} signed`, `${o.rejected} rejected`);
  if (o.approved > 0) parts.push(`${o.approved} released`);
  if (o.expired > 0) parts.push(`${o.expired} expired`);
  if (o.failed > 0) parts.push(`${o.failed} failed`);
  if (o.refused > 0) parts.push(`${o.refused} refused`);
  if (f.grantHits > 0) parts.push(`${plural(f.grantHits, 'grant hit')}`);
  if (f.userDecisions.meanMs !== null) parts.push(`your decisions ${formatWait(f.userDecisions.meanMs)} on average`);
  parts.push(
    f.audit.failures > 0
      ? `audit log: ${plural(f.audit.failures, 'failed write')}`
      : `audit log: ${plural(f.audit.writes, 'line')} written`,
  );
  return parts;
}
