// CPU time spent by other processes (nats-server, a responder), read from /proc/<pid>/stat, so a bench can
// say where each request's CPU goes. Linux only: where /proc cannot be read every reading is null, and
// figures built on it are left out rather than failing the bench.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

/** Clock ticks per second, the unit of utime and stime: `getconf CLK_TCK`, or Linux's usual 100 if that fails. */
function clkTck(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** utime + stime of `pid` (all its threads, not its children) in ms; null when /proc or the process is gone. */
export function procCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // Field 2 (comm) is parenthesised and may hold spaces, so count from the last ')': field 3 is fields[0],
  // so utime (14) and stime (15) are fields[11] and fields[12].
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? (ticks / clkTck()) * 1000 : null;
}

/** Runs `fn` and returns its value with the CPU ms each of `pids` spent meanwhile (null where unreadable). */
export async function withCpu<T>(
  pids: (number | undefined)[],
  fn: () => Promise<T>,
): Promise<{ value: T; cpuMs: (number | null)[] }> {
  const before = pids.map(procCpuMs);
  const value = await fn();
  const cpuMs = pids.map((pid, i) => {
    const a = before[i];
    const b = procCpuMs(pid);
    return a === null || a === undefined || b === null ? null : b - a;
  });
  return { value, cpuMs };
}
