import { createCipheriv, createDecipheriv, createHash, randomBytes, scrypt } from 'node:crypto';
import { z } from 'zod';
import { WalletError } from '../../../shared/errors';
import type { KdfParams } from './types';

/**
 * The encrypted format of a keyspace's secret part (docs/vault-format.md):
 * a JSON envelope naming its format version, its scrypt parameters and salt, the AES-256-GCM
 * nonce and the ciphertext||tag, plus an unkeyed SHA-256 checksum that tells damage apart
 * from a wrong password. The header is bound to the ciphertext as GCM associated data.
 */
export const ENVELOPE_FORMAT = 'signing-wallet/keyspace';
export const ENVELOPE_VERSION = 1;

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const powerOfTwo = (n: number) => Number.isInteger(Math.log2(n));

/** Bounds keep a hostile blob from demanding gigabytes of memory or hours of CPU. */
const kdfSchema = z.object({
  name: z.literal('scrypt'),
  N: z
    .number()
    .int()
    .min(2 ** 10)
    .max(2 ** 20)
    .refine(powerOfTwo, 'N must be a power of two'),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  salt: b64,
});

const envelopeSchema = z.object({
  format: z.literal(ENVELOPE_FORMAT),
  version: z.literal(ENVELOPE_VERSION),
  kdf: kdfSchema,
  cipher: z.object({ name: z.literal('aes-256-gcm'), nonce: b64 }),
  ciphertext: b64,
  checksum: z.string().regex(/^[0-9a-f]{64}$/),
});

export type KdfHeader = z.infer<typeof kdfSchema>;
type Envelope = z.infer<typeof envelopeSchema>;

const SALT_BYTES = 16;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** A fresh KDF header: the given cost with a random 16-byte salt. */
export function newKdfHeader(params: KdfParams): KdfHeader {
  return { name: 'scrypt', N: params.N, r: params.r, p: params.p, salt: randomBytes(SALT_BYTES).toString('base64') };
}

/** scrypt from node:crypto on the libuv pool, so the event loop never waits on it. */
export function deriveKey(password: string, kdf: KdfHeader): Promise<Buffer> {
  const pw = Buffer.from(password.normalize('NFC'), 'utf8');
  const maxmem = 128 * kdf.N * kdf.r * (kdf.p + 1) + 32 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(pw, Buffer.from(kdf.salt, 'base64'), KEY_BYTES, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem }, (err, key) => {
      pw.fill(0);
      if (err) reject(new WalletError('internal', 'key derivation failed'));
      else resolve(key);
    });
  });
}

/** The header text that GCM authenticates: built field by field so its bytes never depend on input order. */
function associatedData(kdf: KdfHeader, nonce: string): Buffer {
  const { name, N, r, p, salt } = kdf;
  return Buffer.from(
    JSON.stringify({
      format: ENVELOPE_FORMAT,
      version: ENVELOPE_VERSION,
      kdf: { name, N, r, p, salt },
      cipher: { name: 'aes-256-gcm', nonce },
    }),
  );
}

function checksumOf(aad: Buffer, ciphertext: string): string {
  return createHash('sha256').update(aad).update(ciphertext).digest('hex');
}

/** Encrypts with a fresh random 96-bit nonce under an already-derived key. */
export function seal(key: Buffer, kdf: KdfHeader, plaintext: Uint8Array): string {
  const nonce = randomBytes(NONCE_BYTES);
  const nonceText = nonce.toString('base64');
  const aad = associatedData(kdf, nonceText);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad);
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]).toString('base64');
  const envelope: Envelope = {
    format: ENVELOPE_FORMAT,
    version: ENVELOPE_VERSION,
    kdf: { ...kdf },
    cipher: { name: 'aes-256-gcm', nonce: nonceText },
    ciphertext: ct,
    checksum: checksumOf(aad, ct),
  };
  return JSON.stringify(envelope);
}

export interface ParsedEnvelope {
  kdf: KdfHeader;
  nonce: Buffer;
  aad: Buffer;
  ciphertext: Buffer;
}

/** Parses and checks an envelope's shape and checksum; any damage is 'corrupt', never 'wrong password'. */
export function parseEnvelope(text: string, what: string): ParsedEnvelope {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new WalletError('corrupt', `${what}: the encrypted data is damaged (not readable)`);
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) {
    const v = (json as { version?: unknown } | null)?.version;
    if (typeof v === 'number' && v > ENVELOPE_VERSION) {
      throw new WalletError('corrupt', `${what}: written by a newer version of the wallet (format ${v})`);
    }
    throw new WalletError('corrupt', `${what}: the encrypted data is damaged (bad format)`);
  }
  const env = parsed.data;
  const aad = associatedData(env.kdf, env.cipher.nonce);
  if (checksumOf(aad, env.ciphertext) !== env.checksum) {
    throw new WalletError('corrupt', `${what}: the encrypted data is damaged (checksum mismatch)`);
  }
  const nonce = Buffer.from(env.cipher.nonce, 'base64');
  const ciphertext = Buffer.from(env.ciphertext, 'base64');
  if (nonce.length !== NONCE_BYTES || ciphertext.length < TAG_BYTES) {
    throw new WalletError('corrupt', `${what}: the encrypted data is damaged (truncated)`);
  }
  return { kdf: env.kdf, nonce, aad, ciphertext };
}

/** Decrypts with a derived key; a failed tag on an intact envelope can only mean a wrong password. */
export function openWithKey(env: ParsedEnvelope, key: Buffer): Buffer {
  const body = env.ciphertext.subarray(0, env.ciphertext.length - TAG_BYTES);
  const tag = env.ciphertext.subarray(env.ciphertext.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, env.nonce);
    decipher.setAAD(env.aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new WalletError('wrong_password', 'wrong password');
  }
}

/** Two headers name the same key exactly when their scrypt parameters and salt agree. */
export function sameKdf(a: KdfHeader, b: KdfHeader): boolean {
  return a.N === b.N && a.r === b.r && a.p === b.p && a.salt === b.salt;
}

/** New-envelope cost must stay inside the bounds every reader accepts. */
export function checkKdfParams(params: KdfParams): KdfParams {
  const ok = kdfSchema.omit({ name: true, salt: true }).safeParse(params);
  if (!ok.success) throw new WalletError('bad_input', 'scrypt parameters out of range');
  return { N: params.N, r: params.r, p: params.p };
}
