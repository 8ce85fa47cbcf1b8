// The shipped binaries for the benches that measure the path users take: bin/crypto-cli.js and
// bin/sigsocket-server.js in their own processes. BENCH_CPU_PROF=DIR writes a CPU profile of each one there
// (sampled every BENCH_CPU_PROF_INTERVAL µs, default 1000).
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface Shipped {
  child: ChildProcess;
  /** Everything it wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM, then waits for the exit (a profile is written on a clean exit). */
  stop(): Promise<void>;
}

/** Throws unless `npm run build` has produced both binaries' code. */
export function requireBuilt(): void {
  for (const f of ['crypto-cli.js', 'sigsocket-server.js'])
    if (!existsSync(join(ROOT, 'out/node', f))) throw new Error('run `npm run build` first');
}

/**
 * Spawns a built binary and resolves once its stderr contains `ready`. Stderr goes to a file, not a
 * pipe: reading a pipe would wake the bench process on every per-request log line, and it would measure that.
 */
export async function startShipped(
  bin: 'crypto-cli' | 'sigsocket-server',
  args: string[],
  ready: string,
): Promise<Shipped> {
  const prof = process.env.BENCH_CPU_PROF;
  const flags = prof
    ? [
        ...['--cpu-prof', `--cpu-prof-dir=${prof}`, `--cpu-prof-name=${bin}-${process.pid}-${Date.now()}.cpuprofile`],
        ...(process.env.BENCH_CPU_PROF_INTERVAL ? [`--cpu-prof-interval=${process.env.BENCH_CPU_PROF_INTERVAL}`] : []),
      ]
    : [];
  const logFile = join(mkdtempSync(join(tmpdir(), `${bin}-bench-`)), 'stderr.log');
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, [...flags, join(ROOT, 'bin', `${bin}.js`), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', fd],
  });
  closeSync(fd);
  const stderr = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  const deadline = Date.now() + 30_000;
  while (!stderr().includes(ready)) {
    if (child.exitCode !== null) throw new Error(`${bin} exited (${child.exitCode}) before "${ready}":\n${stderr()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${bin} did not say "${ready}" within 30 s:\n${stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    child,
    stderr,
    stop: () =>
      new Promise<void>((r) => {
        if (child.exitCode !== null || child.signalCode !== null) return r();
        child.once('exit', () => r());
        child.kill('SIGTERM');
      }),
  };
}
