/** `--metrics-port N` for the long-running commands (listen, connect): the operator's view of the listener. */
import { InvalidArgumentError, Option } from 'commander';
import type { ConnectionSource } from '../core/metrics';
import type { RequestQueue } from '../core/requests';

/** 0 asks the OS for a free port (the address is printed); anything else must be a valid TCP port. */
export function parsePort(value: string): number {
  if (!/^[0-9]{1,5}$/.test(value) || Number(value) > 65_535) {
    throw new InvalidArgumentError('expected a TCP port, 0 to 65535');
  }
  return Number(value);
}

export function metricsPortOption(): Option {
  return new Option(
    '--metrics-port <port>',
    'serve GET /metrics (Prometheus text) and GET /healthz on 127.0.0.1:PORT (0: any free port)',
  ).argParser(parsePort);
}

/**
 * Starts observing `queue` and serving its figures when a port was given; returns the stop function
 * (a no-op without a port). Loaded only then, so the other commands never pay for prom-client.
 */
export async function startMetrics(
  port: number | undefined,
  queue: RequestQueue,
  connections: ConnectionSource,
  log: (line: string) => void,
): Promise<() => Promise<void>> {
  if (port === undefined) return async () => {};
  const { WalletMetrics, serveMetrics } = await import('../core/metrics');
  const metrics = new WalletMetrics({ queue, connections });
  try {
    const server = await serveMetrics(metrics, port);
    log(`metrics: serving ${server.url}/metrics and ${server.url}/healthz`);
    return async () => {
      metrics.detach();
      await server.close();
    };
  } catch (e) {
    metrics.detach();
    throw e;
  }
}
