// The encrypted envelope of a keyspace: scrypt key derivation, AES-256-GCM sealing, and the bound header.
import { createCipheriv, createDecipheriv, createHash, randomBytes, scrypt } from 'node:crypto';
import { z } from 'zod';
import { WalletError } from '../../../shared/errors';
import type { KdfParams } from './types';

/**
 * The encrypted format of a keyspace's secret part (docs/vault-format.md):
 * a JSON envelope naming its format version, the keyspace it belongs to and its generation, its
 * scrypt parameters and salt, the AES-256-GCM nonce and the ciphertext||tag, plus an unkeyed SHA-256
 * checksum that tells damage apart from a wrong password. Everything but the ciphertext is bound to
 * it as GCM associated data, so a blob moved to another keyspace or relabelled fails to open.
 */
export const ENVELOPE_FORMAT = 'signing-wallet/keyspace';
export const ENVELOPE_VERSION = 2;
/** Format 1 bound no keyspace and no generation; it still opens, and is rewritten as format 2 on its next write. */
const LEGACY_VERSION = 1;

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const powerOfTwo = (n: number) => Number.isInteger(Math.log2(n));

/** scrypt needs 128·N·r bytes; a stored blob may demand at most this much of it. */
export const KDF_MAX_MEMORY_BYTES = 256 * 1024 * 1024;
/** Parallel lanes multiply the CPU time of every guess the user makes; a stored blob may ask for at most 4. */
export const KDF_MAX_P = 4;

const kdfCost = {
  N: z
    .number()
    .int()
    .min(2 ** 10)
    .max(2 ** 20)
    .refine(powerOfTwo, 'N must be a power of two'),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(KDF_MAX_P),
};
const withinMemory = (k: { N: number; r: number }) => 128 * k.N * k.r <= KDF_MAX_MEMORY_BYTES;
const MEMORY_MESSAGE = 'scrypt may use at most 256 MiB (128·N·r)';

/** Bounds keep a hostile blob from demanding gigabytes of memory or minutes of CPU per guess. */
const kdfSchema = z.object({ name: z.literal('scrypt'), ...kdfCost, salt: b64 }).refine(withinMemory, MEMORY_MESSAGE);
const costSchema = z.object(kdfCost).refine(withinMemory, MEMORY_MESSAGE);

const envelopeFields = {
  format: z.literal(ENVELOPE_FORMAT),
  kdf: kdfSchema,
  cipher: z.object({ name: z.literal('aes-256-gcm'), nonce: b64 }),
  ciphertext: b64,
  checksum: z.string().regex(/^[0-9a-f]{64}$/),
};
const envelopeSchema = z.discriminatedUnion('version', [
  z.object({ ...envelopeFields, version: z.literal(LEGACY_VERSION) }),
  z.object({
    ...envelopeFields,
    version: z.literal(ENVELOPE_VERSION),
    /** The keyspace id this blob was sealed for. */
    keyspace: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/),
    /** Counts the keyspace's writes; the index holds the trusted copy, so an older blob is a rollback. */
    generation: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  }),
]);

export type KdfHeader = z.infer<typeof kdfSchema>;
type Envelope = z.infer<typeof envelopeSchema>;

/** Which keyspace a blob belongs to and which of its writes it is. */
export interface Binding {
  keyspace: string;
  generation: number;
}

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

/**
 * The header text that GCM authenticates: built field by field so its bytes never depend on input
 * order. Format 2 adds the keyspace id and the generation; format 1 is kept byte for byte so old
 * blobs still open.
 */
function associatedData(kdf: KdfHeader, nonce: string, binding: Binding | null): Buffer {
  const { name, N, r, p, salt } = kdf;
  const header = binding
    ? { format: ENVELOPE_FORMAT, version: ENVELOPE_VERSION, keyspace: binding.keyspace, generation: binding.generation }
    : { format: ENVELOPE_FORMAT, version: LEGACY_VERSION };
  return Buffer.from(
    JSON.stringify({ ...header, kdf: { name, N, r, p, salt }, cipher: { name: 'aes-256-gcm', nonce } }),
  );
}

function checksumOf(aad: Buffer, ciphertext: string): string {
  return createHash('sha256').update(aad).update(ciphertext).digest('hex');
}

/** Encrypts for one keyspace and generation with a fresh random 96-bit nonce under an already-derived key. */
export function seal(key: Buffer, kdf: KdfHeader, plaintext: Uint8Array, binding: Binding): string {
  const nonce = randomBytes(NONCE_BYTES);
  const nonceText = nonce.toString('base64');
  const aad = associatedData(kdf, nonceText, binding);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad);
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]).toString('base64');
  const envelope: Envelope = {
    format: ENVELOPE_FORMAT,
    version: ENVELOPE_VERSION,
    keyspace: binding.keyspace,
    generation: binding.generation,
    kdf: { ...kdf },
    cipher: { name: 'aes-256-gcm', nonce: nonceText },
    ciphertext: ct,
    checksum: checksumOf(aad, ct),
  };
  return JSON.stringify(envelope);
}

export interface ParsedEnvelope {
  /** Null for a format-1 blob, which names neither. */
  binding: Binding | null;
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
    if (parsed.error.issues.some((i) => i.path[0] === 'kdf')) {
      throw new WalletError('corrupt', `${what}: the stored scrypt parameters are outside the allowed bounds`);
    }
    throw new WalletError('corrupt', `${what}: the encrypted data is damaged (bad format)`);
  }
  const env = parsed.data;
  const binding = env.version === ENVELOPE_VERSION ? { keyspace: env.keyspace, generation: env.generation } : null;
  const aad = associatedData(env.kdf, env.cipher.nonce, binding);
  if (checksumOf(aad, env.ciphertext) !== env.checksum) {
    throw new WalletError('corrupt', `${what}: the encrypted data is damaged (checksum mismatch)`);
  }
  const nonce = Buffer.from(env.cipher.nonce, 'base64');
  const ciphertext = Buffer.from(env.ciphertext, 'base64');
  if (nonce.length !== NONCE_BYTES || ciphertext.length < TAG_BYTES) {
    throw new WalletError('corrupt', `${what}: the encrypted data is damaged (truncated)`);
  }
  return { binding, kdf: env.kdf, nonce, aad, ciphertext };
}

/**
 * The generation a blob of this keyspace must have at least: the trusted copy's. A blob sealed for
 * another keyspace, or older than the trusted copy (a format-1 blob counts as generation 0), is a
 * swapped or rolled-back copy and is 'corrupt' before any password is tried.
 */
export function checkBinding(env: ParsedEnvelope, keyspace: string, minGeneration: number, what: string): number {
  const generation = env.binding?.generation ?? 0;
  if (env.binding && env.binding.keyspace !== keyspace) {
    throw new WalletError('corrupt', `${what}: the stored secret belongs to another keyspace`);
  }
  if (generation < minGeneration) {
    throw new WalletError(
      'corrupt',
      `${what}: the stored secret is an older copy (write ${generation}, expected at least ${minGeneration}); it was rolled back`,
    );
  }
  return generation;
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
  const ok = costSchema.safeParse(params);
  if (!ok.success) throw new WalletError('bad_input', 'scrypt parameters out of range');
  return { N: params.N, r: params.r, p: params.p };
}
