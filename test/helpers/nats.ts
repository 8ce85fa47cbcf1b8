// A real nats-server for the tests and benches: one server, or a routed cluster, on free loopback ports.
// The handle exposes the process id so a bench can read the server's CPU time.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from './ports';

export interface NatsHandle {
  url: string;
  port: number;
  /** The running server's process id (a new one after restart), for benches that read its CPU time. */
  readonly pid: number | undefined;
  /** SIGKILL the server (a crash, not a shutdown). */
  kill(): Promise<void>;
  /** Start it again on the same port and config. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** The nats-server binary: NATS_SERVER_BIN, or Debian's package that scripts/ensure-system-deps.sh installs. */
export function natsServerBin(): string {
  const bin = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';
  if (!existsSync(bin)) {
    throw new Error(`nats-server not found at ${bin}: run 'bash scripts/ensure-system-deps.sh' or set NATS_SERVER_BIN`);
  }
  return bin;
}

/** Starts a real nats-server on a free loopback port, optionally with a config file's text. */
export async function startNats(opts: { config?: string; port?: number; args?: string[] } = {}): Promise<NatsHandle> {
  const bin = natsServerBin();
  const port = opts.port ?? (await freePort());
  const args = ['-a', '127.0.0.1', '-p', String(port), ...(opts.args ?? [])];
  if (opts.config !== undefined) {
    const dir = await mkdtemp(join(tmpdir(), 'nats-conf-'));
    const file = join(dir, 'server.conf');
    await writeFile(file, opts.config);
    args.push('-c', file);
  }
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    try {
      await waitForPort(port);
    } catch (e) {
      throw new Error(`nats-server did not start: ${(e as Error).message}\n${stderr}`);
    }
  };
  const halt = (signal: NodeJS.Signals) =>
    new Promise<void>((res) => {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return res();
      c.once('exit', () => res());
      c.kill(signal);
    });
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    get pid() {
      return child?.pid;
    },
    kill: () => halt('SIGKILL'),
    restart: start,
    stop: () => halt('SIGTERM'),
  };
}

/** A cluster of `size` nats-server nodes on loopback, routed to each other (every node lists every route). */
export async function startNatsCluster(size = 3): Promise<NatsHandle[]> {
  const ports = await Promise.all(Array.from({ length: size }, () => freePort()));
  const routes = await Promise.all(Array.from({ length: size }, () => freePort()));
  const routeList = routes.map((p) => `nats://127.0.0.1:${p}`).join(',');
  return Promise.all(
    ports.map((port, i) =>
      startNats({
        port,
        args: ['--cluster_name', 'sigsocket-test', '--cluster', `nats://127.0.0.1:${routes[i]}`, '--routes', routeList],
      }),
    ),
  );
}
