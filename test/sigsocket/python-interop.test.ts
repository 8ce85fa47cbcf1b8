// Interop: Debian's python3-websockets + python3-ecdsa act as the wallet against our server, in every
// dialect, with compact and DER signatures and every public key form.
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SigsocketServer, startSigsocketServer } from '../../server/create-server';
import { createCryptoBackend } from '../../server/crypto-backend';
import { fromBase64, toBase64 } from '../../shared/sigsocket';
import { debianPath, fixtures, getJson, makeKey, postSign, waitFor } from './support';

let plain: SigsocketServer;
let idJson: SigsocketServer;
const children: ChildProcess[] = [];
beforeAll(async () => {
  [plain, idJson] = await Promise.all([
    startSigsocketServer({ port: 0, log: () => {} }),
    startSigsocketServer({ port: 0, log: () => {}, plainRequests: 'id-json' }),
  ]);
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await Promise.all([plain?.close(), idJson?.close()]);
});

const cases = [
  { dialect: 'json', sig: 'compact', keyForm: 'compressed', server: () => plain },
  { dialect: 'json', sig: 'der', keyForm: 'base64', server: () => plain },
  { dialect: 'plain', sig: 'compact', keyForm: 'compressed', server: () => plain },
  { dialect: 'plain', sig: 'der', keyForm: 'uncompressed', server: () => plain },
  { dialect: 'id-json', sig: 'compact', keyForm: 'uncompressed', server: () => idJson },
  { dialect: 'id-json', sig: 'der', keyForm: 'compressed', server: () => idJson },
] as const;

describe.each(cases)('python wallet: $dialect, $sig signatures, $keyForm key', ({ dialect, sig, keyForm, server }) => {
  it('POST /sign returns a compact signature our verifier accepts', async () => {
    const key = makeKey();
    const py = spawn(
      'python3',
      [resolve(fixtures, 'python-wallet.py'), server().wsUrl, dialect, key.secretHex, sig, keyForm],
      {
        env: { ...process.env, PATH: debianPath },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.push(py);
    let err = '';
    py.stderr?.on('data', (d) => {
      err += d;
    });
    await waitFor(
      async () => (await getJson(`${server().url}/connected/${key.publicKeyHex}`)).body.connected,
      `python wallet up ${err}`,
      10_000,
    );
    const backend = createCryptoBackend('native');
    for (const text of ['hello from node', 'x'.repeat(3000)]) {
      const msg = new TextEncoder().encode(text);
      const r = await postSign(server().url, key.publicKeyHex, msg);
      expect(r.status, `${JSON.stringify(r.body)} ${err}`).toBe(200);
      expect(r.body.message).toBe(toBase64(msg));
      const compact = fromBase64(r.body.signature as string)!;
      expect(compact).toHaveLength(64);
      expect(backend.verify(compact, msg, Buffer.from(key.publicKeyHex, 'hex'))).toBe(true);
    }
    py.kill('SIGKILL');
  });
});
