// The wallet's client against the real server (a child process), in all three dialects, with every
// signature checked by python3-ecdsa and openssl, which share no code with this project.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SigsocketClient } from '../../electron/core/sigsocket';
import { compactToDer, fromBase64, fromHex, toBase64, toHex } from '../../shared/sigsocket';
import { at } from '../helpers/at';
import { type SigsocketHandle, startSigsocket } from '../helpers/sigsocket';
import {
  autoSigner,
  connected,
  getJson,
  makeKey,
  postSign,
  proofSigner,
  type TestKey,
  verifyWithPython,
  waitFor,
} from './support';

const TIMEOUT_MS = 1200;
let plainServer: SigsocketHandle;
let idJsonServer: SigsocketHandle;
const clients: SigsocketClient[] = [];

beforeAll(async () => {
  [plainServer, idJsonServer] = await Promise.all([
    startSigsocket(['--timeout-ms', String(TIMEOUT_MS)]),
    startSigsocket(['--timeout-ms', String(TIMEOUT_MS), '--plain-requests', 'id-json']),
  ]);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.stop()));
  await Promise.all([plainServer?.stop(), idJsonServer?.stop()]);
});

/** Starts a client for `key` and waits until the server lists the key as connected. */
async function wallet(
  server: SigsocketHandle,
  dialect: 'plain' | 'json' | 'id-json' | 'auto',
  key: TestKey,
  handler: ConstructorParameters<typeof SigsocketClient>[0]['handler'],
  introduceAs = key.publicKeyHex,
) {
  const client = new SigsocketClient({
    url: server.wsUrl,
    dialect,
    publicKeyHex: introduceAs,
    handler,
    signProof: proofSigner(key),
  });
  clients.push(client);
  client.start();
  await connected(client);
  await waitFor(
    async () => (await getJson(`${server.url}/connected/${key.publicKeyHex}`)).body.connected === true,
    'server sees the wallet',
  );
  return client;
}

/** Checks a signature with openssl (DER, PEM public key), a second independent verifier. */
function verifyWithOpenssl(publicKeyHex: string, message: Uint8Array, compact: Uint8Array): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'sigsocket-openssl-'));
  // SubjectPublicKeyInfo for a compressed secp256k1 key: fixed ASN.1 header + the 33 key bytes.
  const spki = Buffer.concat([
    Buffer.from('3036301006072a8648ce3d020106052b8104000a032200', 'hex'),
    fromHex(publicKeyHex)!,
  ]);
  const pem = `-----BEGIN PUBLIC KEY-----\n${spki.toString('base64')}\n-----END PUBLIC KEY-----\n`;
  writeFileSync(join(dir, 'pub.pem'), pem);
  writeFileSync(join(dir, 'msg'), message);
  writeFileSync(join(dir, 'sig.der'), compactToDer(compact));
  try {
    execFileSync('openssl', ['dgst', '-sha256', '-verify', 'pub.pem', '-signature', 'sig.der', 'msg'], {
      cwd: dir,
      stdio: 'pipe',
    });
    return true;
  } catch {
    return false;
  }
}

const cases = [
  { dialect: 'plain', server: () => plainServer },
  { dialect: 'json', server: () => plainServer },
  { dialect: 'id-json', server: () => idJsonServer },
] as const;

describe.each(cases)('$dialect dialect end to end', ({ dialect, server }) => {
  it('POST /sign returns signatures that python3-ecdsa and openssl verify', async () => {
    const key = makeKey();
    const signer = autoSigner(key);
    await wallet(server(), dialect, key, signer.handler);
    const messages = Array.from({ length: 6 }, (_, i) =>
      new TextEncoder().encode(`${dialect} message ${i} ${'x'.repeat(i * 50)}`),
    );
    const results = await Promise.all(messages.map((m) => postSign(server().url, key.publicKeyHex, m)));
    for (const r of results) expect(r.status, JSON.stringify(r.body)).toBe(200);
    const items = results.map((r, i) => ({
      public_key: key.publicKeyHex,
      message: toHex(at(messages, i)),
      signature: toHex(fromBase64(r.body.signature as string)!),
    }));
    expect(results.map((r) => r.body.message)).toEqual(messages.map((m) => toBase64(m)));
    // A tampered copy proves the independent verifier can say no.
    const tampered = { ...at(items, 0), message: toHex(new TextEncoder().encode('something else')) };
    expect(await verifyWithPython([...items, tampered])).toEqual([...items.map(() => true), false]);
    const secondSignature = fromBase64(at(results, 1).body.signature as string)!;
    expect(verifyWithOpenssl(key.publicKeyHex, at(messages, 1), secondSignature)).toBe(true);
    expect(verifyWithOpenssl(key.publicKeyHex, at(messages, 2), secondSignature)).toBe(false);
    expect(signer.callsById.size).toBe(messages.length);
  });

  it(dialect === 'json' ? 'reject answers 403 at once' : 'reject answers 504 after the timeout', async () => {
    const key = makeKey();
    await wallet(server(), dialect, key, async () => ({ ok: false, reason: 'user rejected' }));
    const r = await postSign(server().url, key.publicKeyHex, new TextEncoder().encode('no thanks'));
    if (dialect === 'json') {
      expect(r.status).toBe(403);
      expect(r.body.error).toContain('user rejected');
      expect(r.ms).toBeLessThan(TIMEOUT_MS / 2);
    } else {
      expect(r.status).toBe(504);
      expect(r.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    }
  });
});

describe('public key forms', () => {
  it('a wallet introduced uncompressed is found by the compressed key, base64 too, and vice versa', async () => {
    const a = makeKey();
    await wallet(plainServer, 'json', a, autoSigner(a).handler, a.uncompressedHex);
    for (const form of [a.publicKeyHex, a.uncompressedHex, toBase64(fromHex(a.publicKeyHex)!)]) {
      const r = await postSign(plainServer.url, form, toBase64(new TextEncoder().encode(form)));
      expect(r.status, form).toBe(200);
    }
    const b = makeKey();
    await wallet(plainServer, 'plain', b, autoSigner(b).handler);
    expect((await getJson(`${plainServer.url}/connected/${b.uncompressedHex}`)).body.connected).toBe(true);
    expect((await postSign(plainServer.url, b.uncompressedHex, 'aGVsbG8=')).status).toBe(200);
  });

  it('auto means json: a rejection is fast', async () => {
    const key = makeKey();
    const client = await wallet(plainServer, 'auto', key, async () => ({ ok: false, reason: 'nope' }));
    expect(client.dialect).toBe('json');
    expect((await postSign(plainServer.url, key.publicKeyHex, 'aGVsbG8=')).status).toBe(403);
  });

  it('the server logs never carry message bodies or signatures', async () => {
    const key = makeKey();
    await wallet(plainServer, 'json', key, autoSigner(key).handler);
    const secret = toBase64(new TextEncoder().encode('a very private message body, 12345'));
    const r = await postSign(plainServer.url, key.publicKeyHex, secret);
    expect(r.status).toBe(200);
    await waitFor(() => plainServer.logs().some((l) => l.event === 'sign_result'), 'logs');
    const stderr = plainServer.stderr();
    expect(stderr).toContain('"event":"sign_result"');
    expect(stderr).not.toContain(secret);
    expect(stderr).not.toContain(r.body.signature as string);
    expect(stderr).not.toContain('private message');
  });
});
