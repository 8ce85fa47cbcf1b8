// wss with a private CA: the client trusts the server only when given that CA.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SigsocketClient } from '../../electron/core/sigsocket';
import { type SigsocketServer, startSigsocketServer } from '../../server/create-server';
import { autoSigner, connected, makeKey, proofSigner, waitFor } from './support';

let server: SigsocketServer;
let caPem: string;
const clients: SigsocketClient[] = [];

beforeAll(async () => {
  // A throwaway CA and a server certificate for 127.0.0.1 signed by it.
  const dir = mkdtempSync(join(tmpdir(), 'sigsocket-tls-'));
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=sigsocket test CA',
  ]);
  run([
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    'srv.key',
    '-out',
    'srv.csr',
    '-subj',
    '/CN=127.0.0.1',
  ]);
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  run([
    'x509',
    '-req',
    '-in',
    'srv.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'srv.pem',
    '-days',
    '2',
    '-extfile',
    'ext.cnf',
  ]);
  caPem = readFileSync(join(dir, 'ca.pem'), 'utf8');
  server = await startSigsocketServer({
    port: 0,
    log: () => {},
    tls: { cert: readFileSync(join(dir, 'srv.pem')), key: readFileSync(join(dir, 'srv.key')) },
  });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.stop()));
  await server?.close();
});

/** POST over https trusting only the test CA (fetch cannot take a CA). */
function httpsPost(url: string, body: object): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', ca: caPem, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (d) => {
        text += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

function start(ca?: string) {
  const key = makeKey();
  const c = new SigsocketClient({
    url: server.wsUrl,
    publicKeyHex: key.publicKeyHex,
    handler: autoSigner(key).handler,
    signProof: proofSigner(key),
    ca,
  });
  clients.push(c);
  c.start();
  return { c, key };
}

describe('wss with a custom CA', () => {
  it('signs through https/wss when the CA is given', async () => {
    expect(server.wsUrl).toMatch(/^wss:/);
    const { c, key } = start(caPem);
    await connected(c);
    // 404 until the server has verified the wallet's proof of possession.
    const r = await waitFor(async () => {
      const answer = await httpsPost(`${server.url}/sign`, { public_key: key.publicKeyHex, message: 'b3ZlciB0bHM=' });
      return answer.status === 404 ? null : answer;
    }, 'wallet proven');
    expect(r?.status).toBe(200);
    expect(JSON.parse(r?.body ?? '{}').message).toBe('b3ZlciB0bHM=');
  });

  it('stops with an error naming the certificate problem when the CA is missing', async () => {
    const { c } = start();
    await waitFor(() => c.status.state === 'error', 'error status');
    expect(c.status).toEqual({ state: 'error', reason: expect.stringMatching(/TLS certificate not trusted/) });
  });
});
