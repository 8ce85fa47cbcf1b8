// Shared pieces of the SigSocket suites: test keys, the noble signing handler the wallet will use,
// POST /sign with a hard deadline, polling, and the independent python3-ecdsa verifier.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import * as secp from '@noble/secp256k1';
import type { SigsocketClient, SigsocketDecision, SigsocketRequest } from '../../electron/core/sigsocket';
import { toHex } from '../../shared/sigsocket';

secp.hashes.sha256 = sha256;
secp.hashes.hmacSha256 = (key, msg) => hmac(sha256, key, msg);

export const fixtures = resolve(import.meta.dirname, 'fixtures');
/** `getconf PATH`: finds Debian's own python3 (with python3-ecdsa and python3-websockets) before any other. */
export const debianPath = '/bin:/usr/bin';

export interface TestKey {
  secretKey: Uint8Array;
  secretHex: string;
  publicKeyHex: string;
  uncompressedHex: string;
}

/** A fresh random secp256k1 keypair. */
export function makeKey(): TestKey {
  const secretKey = secp.utils.randomSecretKey();
  return {
    secretKey,
    secretHex: toHex(secretKey),
    publicKeyHex: toHex(secp.getPublicKey(secretKey, true)),
    uncompressedHex: toHex(secp.getPublicKey(secretKey, false)),
  };
}

/**
 * What the wallet's vault does: ECDSA over SHA-256(message), RFC 6979, low-S, 64-byte compact.
 * noble v3 would hash by itself (prehash: true); hashing here and passing prehash: false keeps
 * the digest explicit.
 */
export function nobleSign(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
  return secp.sign(sha256(message), secretKey, { prehash: false, lowS: true });
}

/** Signs proof-of-possession challenges with the key, as the wallet does without a prompt. */
export function proofSigner(key: Pick<TestKey, 'secretKey'>): (challenge: Uint8Array) => Uint8Array {
  return (challenge) => nobleSign(challenge, key.secretKey);
}

/** An auto-approving handler that counts calls per request id and per message. */
export function autoSigner(key: TestKey, opts: { delayMs?: number } = {}) {
  const callsById = new Map<string, number>();
  const callsByMessage = new Map<string, number>();
  const handler = async (req: SigsocketRequest): Promise<SigsocketDecision> => {
    callsById.set(req.requestId, (callsById.get(req.requestId) ?? 0) + 1);
    const m = toHex(req.message);
    callsByMessage.set(m, (callsByMessage.get(m) ?? 0) + 1);
    if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
    return { ok: true, signature: nobleSign(req.message, key.secretKey) };
  };
  return { handler, signProof: proofSigner(key), callsById, callsByMessage };
}

export interface PostResult {
  status: number;
  body: Record<string, unknown>;
  ms: number;
}

/** POST /sign; a network failure becomes status 0 with the error text; never hangs past `deadlineMs`. */
export async function postSign(
  base: string,
  publicKey: string,
  message: Uint8Array | string,
  deadlineMs = 15_000,
): Promise<PostResult> {
  const t0 = performance.now();
  const b64 = typeof message === 'string' ? message : Buffer.from(message).toString('base64');
  try {
    const res = await fetch(`${base}/sign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ public_key: publicKey, message: b64 }),
      signal: AbortSignal.timeout(deadlineMs),
    });
    const body = (await res.json()) as Record<string, unknown>;
    return { status: res.status, body, ms: performance.now() - t0 };
  } catch (e) {
    const err = e as Error & { cause?: Error };
    if (err.name === 'TimeoutError') return { status: -1, body: { error: 'HUNG' }, ms: performance.now() - t0 };
    return { status: 0, body: { error: err.cause?.message ?? err.message }, ms: performance.now() - t0 };
  }
}

/** GET a JSON endpoint. */
export async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Polls `check` until it is truthy or `timeoutMs` passes (then throws with `what`). */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Resolves once the client reports `connected`. */
export function connected(client: SigsocketClient, timeoutMs = 5000): Promise<unknown> {
  return waitFor(() => client.status.state === 'connected', 'client connected', timeoutMs);
}

/** Verifies signatures with Debian's python3-ecdsa, an implementation independent of this project. */
export function verifyWithPython(
  items: { public_key: string; message: string; signature: string }[],
): Promise<boolean[]> {
  return new Promise((res, rej) => {
    const p = spawn('python3', [resolve(fixtures, 'ecdsa-verify.py')], { env: { ...process.env, PATH: debianPath } });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => {
      out += d;
    });
    p.stderr.on('data', (d) => {
      err += d;
    });
    p.on('error', rej);
    p.on('close', (code) => (code === 0 ? res(JSON.parse(out)) : rej(new Error(`python3 ecdsa failed: ${err}`))));
    p.stdin.end(JSON.stringify(items));
  });
}
