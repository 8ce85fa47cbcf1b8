/**
 * The operator's endpoint: `GET /metrics` (Prometheus text) and `GET /healthz` on 127.0.0.1 only.
 * Read-only and bodiless: nothing here can approve, sign or change anything, and no figure names a
 * key, a payload or a credential.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics } from 'prom-client';
import { WalletError } from '../../../shared/errors';
import type { WalletMetrics } from './wallet-metrics';

/** Loopback only: the figures describe who asks the wallet for what, which is nobody else's business. */
export const METRICS_HOST = '127.0.0.1';

export interface Health {
  status: 'ok' | 'degraded';
  pending: number;
  connections: { kind: string; endpoint: string; state: string }[];
  /** Why the status is 'degraded': a connection in 'error' (it will not retry by itself). */
  problems: string[];
}

/** Healthy unless a connection has given up: reconnecting is normal life on a network, 'error' needs a person. */
export function healthOf(metrics: WalletMetrics): Health {
  const connections = metrics.connections();
  const problems = connections.filter((c) => c.state === 'error').map((c) => `${c.kind} ${c.endpoint}: error`);
  return { status: problems.length === 0 ? 'ok' : 'degraded', pending: metrics.pending, connections, problems };
}

export interface MetricsServer {
  /** The port actually bound (useful with port 0). */
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves `metrics` on 127.0.0.1:`port` (0 picks a free one). Adds the process's own figures (CPU,
 * memory, event-loop lag) to the registry, as operators expect of any Prometheus target.
 */
export async function serveMetrics(metrics: WalletMetrics, port: number): Promise<MetricsServer> {
  if (!metrics.registry.getSingleMetric('process_cpu_seconds_total'))
    collectDefaultMetrics({ register: metrics.registry });
  const server = createServer((req, res) => {
    void answer(req, res, metrics).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error\n');
    });
  });
  // No keep-alive lingering past close(), and no slow-loris holding a socket open.
  server.headersTimeout = 5_000;
  server.requestTimeout = 10_000;
  await listen(server, port);
  const bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    url: `http://${METRICS_HOST}:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ## Helpers

async function answer(req: IncomingMessage, res: ServerResponse, metrics: WalletMetrics) {
  const path = (req.url ?? '/').split('?')[0];
  if (path !== '/metrics' && path !== '/healthz')
    return send(res, 404, 'text/plain', 'not found: try /metrics or /healthz\n');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return send(res, 405, 'text/plain', 'method not allowed\n');
  }
  if (path === '/metrics') return send(res, 200, metrics.contentType, await metrics.text(), req.method === 'HEAD');
  const health = healthOf(metrics);
  const body = `${JSON.stringify(health)}\n`;
  return send(res, health.status === 'ok' ? 200 : 503, 'application/json', body, req.method === 'HEAD');
}

function send(res: ServerResponse, status: number, type: string, body: string, headOnly = false): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(headOnly ? undefined : body);
}

/** Binds, turning EADDRINUSE and friends into one WalletError instead of an 'error' event nobody hears. */
function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (e: NodeJS.ErrnoException) =>
      reject(
        new WalletError('unavailable', `cannot serve metrics on ${METRICS_HOST}:${port} (${e.code ?? e.message})`),
      );
    server.once('error', failed);
    server.listen(port, METRICS_HOST, () => {
      server.off('error', failed);
      resolve();
    });
  });
}
