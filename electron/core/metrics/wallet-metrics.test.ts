/**
 * The metrics observer on a real queue (real audit log on disk, real in-memory secp256k1 signer,
 * manual clock): each figure moves exactly when the queue says something happened, and the text it
 * serves is valid Prometheus exposition as an independent reader parses it.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePrometheusText, seriesValue } from '../../../test/helpers/prometheus-text';
import { makeDataDir } from '../../../test/helpers/tmp';
import { makeQueue, type QueueFixture, settleAsync, signInput } from '../../../test/requests/setup';
import { metricsFigures } from './figures';
import { type ConnectionReading, deciderOf, endpointLabel, WalletMetrics } from './wallet-metrics';

let fx: QueueFixture;
let metrics: WalletMetrics;
afterEach(async () => {
  metrics?.detach();
  await fx?.cleanup();
});

async function scrape() {
  return parsePrometheusText(await metrics.text());
}

describe('wallet metrics', () => {
  it("counts each settled request once by source, verified, operation and outcome, with the user's latency", async () => {
    fx = await makeQueue();
    metrics = new WalletMetrics({ queue: fx.queue });
    const a = fx.queue.submit(signInput(fx.pub));
    const b = fx.queue.submit(
      signInput(fx.pub, { source: { kind: 'nats', endpoint: 'crypto.scripts', verified: false } }),
    );
    expect(seriesValue(await scrape(), 'wallet_requests_pending')).toBe(2);
    fx.clock.advance(3_000);
    fx.queue.approve(a.id);
    fx.queue.reject(b.id);
    await a.outcome;
    await settleAsync();
    const m = await scrape();
    expect(m.get('wallet_requests_total')?.type).toBe('counter');
    const signed = { source: 'sigsocket', verified: 'true', operation: 'sign', outcome: 'signed' };
    expect(seriesValue(m, 'wallet_requests_total', signed)).toBe(1);
    const rejected = { source: 'nats', verified: 'false', operation: 'sign', outcome: 'rejected' };
    expect(seriesValue(m, 'wallet_requests_total', rejected)).toBe(1);
    expect(seriesValue(m, 'wallet_requests_total')).toBe(2);
    expect(seriesValue(m, 'wallet_requests_pending')).toBe(0);
    const user = { source: 'sigsocket', decided_by: 'user' };
    expect(seriesValue(m, 'wallet_approval_latency_seconds_count', user)).toBe(1);
    expect(seriesValue(m, 'wallet_approval_latency_seconds_sum', user)).toBe(3);
    // Cumulative buckets: the 3 s decision is above le=2.5 and inside le=5.
    expect(seriesValue(m, 'wallet_approval_latency_seconds_bucket', { ...user, le: '2.5' })).toBe(0);
    expect(seriesValue(m, 'wallet_approval_latency_seconds_bucket', { ...user, le: '5' })).toBe(1);
    expect(seriesValue(m, 'wallet_grant_hits_total')).toBeUndefined();
  });

  it('counts grant hits for allow rules only, expiries without a decider, and refusals at the door', async () => {
    // 'granted' is verified and a rule allows it, so it draws on the allowed budget; both are small here.
    fx = await makeQueue({ rateLimit: { perSecond: 1, burst: 2 }, allowedRateLimit: { perSecond: 1, burst: 2 } });
    metrics = new WalletMetrics({ queue: fx.queue });
    fx.queue.addPolicy({ effect: 'allow', requester: 'granted', keypair: fx.pub, operation: 'sign' });
    fx.queue.addPolicy({ effect: 'deny', requester: 'denied' });
    const source = (requester: string, id: string) =>
      ({ kind: 'sigsocket', endpoint: 'wss://sig.example', requester, verified: true, sourceRequestId: id }) as const;
    const granted = [1, 2].map((n) => fx.queue.submit(signInput(fx.pub, { source: source('granted', `g${n}`) })));
    // The rate limit is per requester: its third request within the burst is refused, never queued.
    expect(() => fx.queue.submit(signInput(fx.pub, { source: source('granted', 'g3') }))).toThrow(/too many requests/);
    fx.queue.submit(signInput(fx.pub, { source: source('denied', 'd1') }));
    await Promise.all(granted.map((g) => g.outcome));
    await settleAsync();
    let m = await scrape();
    expect(seriesValue(m, 'wallet_grant_hits_total', { source: 'sigsocket' })).toBe(2);
    expect(seriesValue(m, 'wallet_requests_total', { outcome: 'rate_limited' })).toBe(1);
    expect(seriesValue(m, 'wallet_requests_total', { outcome: 'rejected' })).toBe(1);
    expect(seriesValue(m, 'wallet_requests_total', { outcome: 'signed' })).toBe(2);
    expect(seriesValue(m, 'wallet_approval_latency_seconds_count', { decided_by: 'rule' })).toBe(3);

    fx.clock.advance(10_000);
    const waiting = fx.queue.submit(signInput(fx.pub, { source: source('slow', 's1') }));
    fx.clock.advance(120_000);
    expect((await waiting.outcome).status).toBe('expired');
    m = await scrape();
    expect(seriesValue(m, 'wallet_requests_total', { outcome: 'expired' })).toBe(1);
    // An expiry is no decision: the latency histogram does not see it.
    expect(seriesValue(m, 'wallet_approval_latency_seconds_count')).toBe(3);
    expect(await metricsFigures(metrics)).toMatchObject({
      pending: 0,
      outcomes: { signed: 2, rejected: 1, expired: 1, refused: 1, approved: 0, failed: 0 },
      grantHits: 2,
      userDecisions: { count: 0, meanMs: null },
    });
  });

  it('audit-log writes and failures come from the log itself, and a failing disk shows up', async () => {
    // A directory where the live log file should be: every write fails, as on a broken disk (root ignores chmod).
    const { dir, cleanup } = await makeDataDir('metrics-');
    await mkdir(join(dir, 'audit', 'audit.jsonl'), { recursive: true });
    fx = await makeQueue({}, dir);
    const done = fx.cleanup;
    fx.cleanup = async () => {
      await done();
      await cleanup();
    };
    metrics = new WalletMetrics({ queue: fx.queue });
    const s = fx.queue.submit(signInput(fx.pub));
    fx.queue.approve(s.id);
    await s.outcome;
    await fx.queue.audit.flush();
    const m = await scrape();
    expect(seriesValue(m, 'wallet_audit_write_failures_total')).toBeGreaterThanOrEqual(1);
    expect(seriesValue(m, 'wallet_audit_writes_total')).toBe(0);
    expect((await metricsFigures(metrics)).audit.failures).toBeGreaterThanOrEqual(1);
  });

  it('counts the lines that reached the disk', async () => {
    fx = await makeQueue();
    metrics = new WalletMetrics({ queue: fx.queue });
    const s = fx.queue.submit(signInput(fx.pub));
    fx.queue.approve(s.id);
    await s.outcome;
    await fx.queue.audit.flush();
    // Every line counts, the chain's own records too.
    const lines = (await readFile(join(fx.dir, 'audit', 'audit.jsonl'), 'utf8')).trim().split('\n').length;
    expect(lines).toBeGreaterThanOrEqual(3);
    expect(seriesValue(await scrape(), 'wallet_audit_writes_total')).toBe(lines);
  });

  it('connection state is one-hot per connection, read at scrape time, and removed connections vanish', async () => {
    fx = await makeQueue();
    let connections: ConnectionReading[] = [
      { kind: 'nats', endpoint: 'nats://127.0.0.1:4222', state: 'connected' },
      { kind: 'sigsocket', endpoint: 'wss://sig.example/ws', state: 'reconnecting' },
    ];
    metrics = new WalletMetrics({ queue: fx.queue, connections: () => connections });
    let m = await scrape();
    const nats = { kind: 'nats', endpoint: 'nats://127.0.0.1:4222' };
    expect(seriesValue(m, 'wallet_connection_state', { ...nats, state: 'connected' })).toBe(1);
    expect(seriesValue(m, 'wallet_connection_state', nats)).toBe(1);
    expect(seriesValue(m, 'wallet_connection_state', { kind: 'sigsocket', state: 'reconnecting' })).toBe(1);
    connections = [{ kind: 'nats', endpoint: 'nats://127.0.0.1:4222', state: 'error' }];
    m = await scrape();
    expect(seriesValue(m, 'wallet_connection_state', { ...nats, state: 'error' })).toBe(1);
    expect(seriesValue(m, 'wallet_connection_state', { ...nats, state: 'connected' })).toBe(0);
    expect(seriesValue(m, 'wallet_connection_state', { kind: 'sigsocket' })).toBeUndefined();
    expect((await metricsFigures(metrics)).connections).toEqual({ connected: 0, total: 1 });
  });

  it('stops counting once detached', async () => {
    fx = await makeQueue();
    metrics = new WalletMetrics({ queue: fx.queue });
    metrics.detach();
    const s = fx.queue.submit(signInput(fx.pub));
    fx.queue.reject(s.id);
    expect(seriesValue(await scrape(), 'wallet_requests_total')).toBeUndefined();
  });
});

describe('labels', () => {
  it('endpoint labels drop credentials, queries and fragments; subjects pass through', () => {
    expect(endpointLabel('nats://user:secret@127.0.0.1:4222')).toBe('nats://127.0.0.1:4222');
    expect(endpointLabel('wss://sig.example:8443/ws?token=abc#x')).toBe('wss://sig.example:8443/ws');
    expect(endpointLabel('crypto.scripts')).toBe('crypto.scripts');
  });

  it('decidedBy maps onto four deciders', () => {
    expect(['user', 'policy:1f2e', 'policy:default', 'auto'].map(deciderOf)).toEqual([
      'user',
      'rule',
      'default',
      'auto',
    ]);
  });
});
