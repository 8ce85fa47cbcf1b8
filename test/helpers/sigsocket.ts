import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, waitForPort } from './ports';

export interface SigsocketHandle {
  /** HTTP base URL, e.g. http://127.0.0.1:PORT. */
  url: string;
  /** WebSocket endpoint, ws://127.0.0.1:PORT/ws. */
  wsUrl: string;
  port: number;
  /** SIGKILL the server (a crash, not a shutdown). */
  kill(): Promise<void>;
  /** Start it again on the same port and options. */
  restart(): Promise<void>;
  /** SIGTERM: the graceful shutdown. Resolves with the exit code. */
  stop(): Promise<number | null>;
  /** The JSON log lines the server wrote to stderr, across every run. */
  logs(): Record<string, unknown>[];
  /** Raw stderr text across every run (to check nothing secret was written). */
  stderr(): string;
  /** The current process (for SIGSTOP/SIGCONT tests). */
  child(): ChildProcess | undefined;
}

const root = resolve(import.meta.dirname, '../..');

/**
 * Starts the project's sigsocket-server (`node --import tsx server/index.ts`) in a child process on a
 * free loopback port, with extra CLI arguments; resolves once it accepts connections.
 */
export async function startSigsocket(args: string[] = []): Promise<SigsocketHandle> {
  const port = await freePort();
  const fullArgs = [
    '--import',
    'tsx',
    resolve(root, 'server/index.ts'),
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    ...args,
  ];
  let child: ChildProcess | undefined;
  // stderr goes to a file, not a pipe: reading a pipe would wake this process on every log line, which
  // benchmarks would then measure.
  const logFile = join(mkdtempSync(join(tmpdir(), 'sigsocket-server-')), 'stderr.log');
  const stderr = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  const start = async () => {
    const fd = openSync(logFile, 'a');
    const c = spawn(process.execPath, fullArgs, { cwd: root, stdio: ['ignore', 'ignore', fd] });
    closeSync(fd);
    child = c;
    const exited = new Promise<never>((_, reject) =>
      c.once('exit', (code) => reject(new Error(`sigsocket-server exited (${code}) before listening:\n${stderr()}`))),
    );
    await Promise.race([waitForPort(port, 20_000), exited]);
    exited.catch(() => {});
  };
  const halt = (signal: NodeJS.Signals) =>
    new Promise<number | null>((res) => {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return res(c?.exitCode ?? null);
      c.once('exit', (code) => res(code));
      c.kill(signal);
    });
  await start();
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    port,
    kill: async () => {
      await halt('SIGKILL');
    },
    restart: start,
    stop: () => halt('SIGTERM'),
    // Parsed on demand: a benchmark pushing thousands of requests should not pay for it.
    logs: () =>
      stderr()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .flatMap((l) => {
          try {
            return [JSON.parse(l) as Record<string, unknown>];
          } catch {
            return [];
          }
        }),
    stderr,
    child: () => child,
  };
}
