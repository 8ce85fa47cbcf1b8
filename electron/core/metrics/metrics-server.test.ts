/** The operator's endpoint over real HTTP on loopback: two read-only paths, nothing else. */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { WalletError } from '../../../shared/errors';
import { parsePrometheusText, seriesValue } from '../../../test/helpers/prometheus-text';
import { makeQueue, type QueueFixture } from '../../../test/requests/setup';
import { METRICS_HOST, type MetricsServer, serveMetrics } from './metrics-server';
import { type ConnectionReading, WalletMetrics } from './wallet-metrics';

let fx: QueueFixture;
let server: MetricsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  await fx?.cleanup();
});

function http(port: number, path: string, method = 'GET') {
  return new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
    const req = request({ host: METRICS_HOST, port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function start(connections: () => ConnectionReading[] = () => []) {
  fx = await makeQueue();
  const metrics = new WalletMetrics({ queue: fx.queue, connections });
  server = await serveMetrics(metrics, 0);
  return { metrics, server };
}

describe('metrics server', () => {
  it('serves parseable Prometheus text with the wallet and process figures on 127.0.0.1', async () => {
    const { server } = await start();
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const res = await http(server.port, '/metrics');
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const m = parsePrometheusText(res.body);
    expect(seriesValue(m, 'wallet_requests_pending')).toBe(0);
    expect(m.get('wallet_approval_latency_seconds')?.type).toBe('histogram');
    expect(m.has('process_cpu_seconds_total')).toBe(true);
  });

  it('/healthz is 200 while connections live or retry, 503 naming the one that gave up', async () => {
    let state: ConnectionReading['state'] = 'reconnecting';
    const { server } = await start(() => [{ kind: 'nats', endpoint: 'nats://127.0.0.1:4222', state }]);
    let res = await http(server.port, '/healthz');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'ok', pending: 0, problems: [] });
    state = 'error';
    res = await http(server.port, '/healthz');
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'degraded', problems: ['nats nats://127.0.0.1:4222: error'] });
  });

  it('refuses other methods and paths', async () => {
    const { server } = await start();
    expect((await http(server.port, '/metrics', 'POST')).status).toBe(405);
    expect((await http(server.port, '/healthz', 'DELETE')).status).toBe(405);
    expect((await http(server.port, '/')).status).toBe(404);
    expect((await http(server.port, '/metrics/../approve')).status).toBe(404);
    const head = await http(server.port, '/metrics', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('a port already taken is one clear error', async () => {
    const { metrics, server } = await start();
    const failure = await serveMetrics(metrics, server.port).catch((e) => e);
    expect(failure).toBeInstanceOf(WalletError);
    expect(failure.message).toMatch(/cannot serve metrics on 127\.0\.0\.1:\d+ \(EADDRINUSE\)/);
  });
});
