// Floors and load for the NATS benches: the sequential noble sign rate, the bare responder (the least a
// responder can do per request), and concurrent requesters run in a process of their own (remote systems
// in real use), so their client work never shares the responder's event loop. The requester process also
// reports its own CPU time, because on a small machine it competes with the responder for the same cores.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import * as secp from '@noble/secp256k1';
import { ROOT } from './shipped';

/** Sequential noble signs per second: the concurrency floor. */
export function nobleRate(key: Uint8Array): number {
  const n = 2000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++)
    secp.sign(sha256(new TextEncoder().encode(`m${i}`)), key, { prehash: false, lowS: true, format: 'compact' });
  return (n / (performance.now() - t0)) * 1000;
}

export interface RequesterRun {
  /** Replies per second over the measured requests. */
  rate: number;
  /** The requester process's own CPU (user + system) over the same requests, in ms. */
  cpuMs: number;
}

/**
 * Runs `conns` requesters in a child process, each with its own connection, sending JSON sign requests
 * back to back to `subject` until `total` are answered (every reply checked for a signature).
 */
export function requesterProcess(
  url: string,
  conns: number,
  total: number,
  tag: string,
  subject = 'crypto.scripts',
): Promise<RequesterRun> {
  const code = `
    import { connect } from '@nats-io/transport-node';
    const clients = await Promise.all(Array.from({ length: ${conns} }, () => connect({ servers: ['${url}'] })));
    let next = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(clients.map(async (c) => {
      while (next < ${total}) {
        const i = next++;
        const r = await c.request('${subject}', JSON.stringify({ op: 'sign', keypair: 'kp', message: '${tag}-' + i }), { timeout: 10000 });
        if (!JSON.parse(r.string()).signature) throw new Error('no signature: ' + r.string());
      }
    }));
    const rate = (${total} / (performance.now() - t0)) * 1000;
    const cpu = process.cpuUsage(cpu0);
    for (const c of clients) await c.close();
    process.stdout.write(JSON.stringify({ rate, cpuMs: (cpu.user + cpu.system) / 1000 }));`;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    child.once('exit', (status) =>
      status === 0
        ? resolvePromise(JSON.parse(out) as RequesterRun)
        : reject(new Error(`requesters failed (${status})`)),
    );
  });
}

export interface BareResponder {
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Spawns test/bench/bare-responder.ts answering on `subject` (signing, or echoing); resolves once it is subscribed. */
export function startBareResponder(
  url: string,
  subject: string,
  mode: 'sign' | 'echo' = 'sign',
): Promise<BareResponder> {
  const script = join(ROOT, 'test/bench/bare-responder.ts');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, url, subject, ...(mode === 'echo' ? ['echo'] : [])],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const stop = () =>
    new Promise<void>((r) => {
      if (child.exitCode !== null || child.signalCode !== null) return r();
      child.once('exit', () => r());
      child.kill('SIGTERM');
    });
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('bare responder did not say ready within 30 s'));
    }, 30_000);
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('ready')) {
        clearTimeout(timer);
        resolvePromise({ child, stop });
      }
    });
    child.once('exit', (status) => {
      clearTimeout(timer);
      reject(new Error(`bare responder exited (${status}) before it was ready`));
    });
  });
}
