// Floors and helpers the SigSocket benchmarks share: POST /sign over a keep-alive agent, and the round
// trip every SigSocket request must at least cost (a ws echo across processes, a noble sign, a
// libsecp256k1 verify), measured in the same run as the figure it divides.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { type Agent, request } from 'node:http';
import { createRequire } from 'node:module';
import WebSocket from 'ws';
import { type makeKey, nobleSign } from '../sigsocket/support';

export const native = createRequire(import.meta.url)('secp256k1/bindings') as {
  ecdsaSign(msg32: Uint8Array, sk: Uint8Array): { signature: Uint8Array };
  ecdsaVerify(sig: Uint8Array, msg32: Uint8Array, pub: Uint8Array): boolean;
};

/** POST /sign over a keep-alive agent (fetch adds ~100 µs of its own per call). */
export function post(agent: Agent, port: number, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/sign',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A ws echo server in its own process: the floor's network leg, crossing processes like the real path. */
async function echoServer(): Promise<{ url: string; child: ChildProcess }> {
  const code = `const { WebSocketServer } = require('ws');
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
    wss.on('listening', () => console.log(wss.address().port));
    wss.on('connection', (ws) => ws.on('message', (d) => ws.send(d)));`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((r) => child.stdout?.once('data', (d) => r(String(d).trim())));
  return { url: `ws://127.0.0.1:${port}`, child };
}

/** A bare HTTP server in its own process answering every POST with a body the size of a /sign answer: the floor's HTTP leg. */
export async function httpEchoServer(): Promise<{ port: number; url: string; child: ChildProcess }> {
  const answer = JSON.stringify({ message: 'x'.repeat(88), signature: 'y'.repeat(88) });
  const code = `const http = require('node:http');
    const srv = http.createServer((q, s) => { q.resume(); q.on('end', () => {
      s.writeHead(200, { 'content-type': 'application/json' }); s.end(${JSON.stringify(answer)}); }); });
    srv.listen(0, '127.0.0.1', () => console.log(srv.address().port));`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = Number(await new Promise<string>((r) => child.stdout?.once('data', (d) => r(String(d).trim()))));
  return { port, url: `http://127.0.0.1:${port}/sign`, child };
}

/** The floor: one ws echo round trip + one noble sign + one libsecp256k1 verify, timed together per sample. */
export async function floorSampler(key: ReturnType<typeof makeKey>, message: Uint8Array) {
  const echo = await echoServer();
  const ws = new WebSocket(echo.url, { perMessageDeflate: false });
  await new Promise((r) => ws.once('open', r));
  const frame = JSON.stringify({
    type: 'sign_request',
    request_id: 'x',
    message: Buffer.from(message).toString('base64'),
  });
  const pub = Buffer.from(key.publicKeyHex, 'hex');
  return {
    async sample(): Promise<number> {
      const t0 = performance.now();
      await new Promise<void>((r) => {
        ws.once('message', () => r());
        ws.send(frame);
      });
      const t1 = performance.now();
      const sig = nobleSign(message, key.secretKey);
      const t2 = performance.now();
      native.ecdsaVerify(sig, createHash('sha256').update(message).digest(), pub);
      return t1 - t0 + (t2 - t1) + (performance.now() - t2);
    },
    close() {
      ws.close();
      echo.child.kill();
    },
  };
}
