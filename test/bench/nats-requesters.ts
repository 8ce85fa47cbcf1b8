// Floors and load for the NATS benches: the sequential noble sign rate, and concurrent requesters run
// in a process of their own (remote systems in real use), so their client work never shares the wallet's event loop.
import { spawn } from 'node:child_process';
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

/**
 * Runs `conns` requesters in a child process, each with its own connection, sending JSON sign requests
 * back to back until `total` are answered (every reply checked for a signature); returns replies per second.
 */
export function requesterProcess(url: string, conns: number, total: number, tag: string): Promise<number> {
  const code = `
    import { connect } from '@nats-io/transport-node';
    const clients = await Promise.all(Array.from({ length: ${conns} }, () => connect({ servers: ['${url}'] })));
    let next = 0;
    const t0 = performance.now();
    await Promise.all(clients.map(async (c) => {
      while (next < ${total}) {
        const i = next++;
        const r = await c.request('crypto.scripts', JSON.stringify({ op: 'sign', keypair: 'kp', message: '${tag}-' + i }), { timeout: 10000 });
        if (!JSON.parse(r.string()).signature) throw new Error('no signature: ' + r.string());
      }
    }));
    const rate = (${total} / (performance.now() - t0)) * 1000;
    for (const c of clients) await c.close();
    process.stdout.write(String(rate));`;
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
      status === 0 ? resolvePromise(Number(out)) : reject(new Error(`requesters failed (${status})`)),
    );
  });
}
