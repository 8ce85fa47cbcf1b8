/**
 * The audit key: an ed25519 key that signs checkpoints of the audit log. Public keys travel as
 * base64 of their SubjectPublicKeyInfo DER, the form `openssl pkeyutl -pubin -keyform DER` reads.
 */
import { createHash } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';

/** The fixed DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the 32 key bytes follow. */
const SPKI_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);

export interface AuditSigner {
  /** Base64 SPKI DER of the public key. */
  readonly publicKey: string;
  /** Base64 of the ed25519 signature over the UTF-8 message. */
  sign(message: string): string;
}

/** Wraps a 32-byte ed25519 secret as a signer. */
export function auditSigner(secret: Uint8Array): AuditSigner {
  if (secret.length !== 32) throw new Error('an audit key is 32 bytes');
  const key = Uint8Array.from(secret);
  return {
    publicKey: spkiBase64(ed25519.getPublicKey(key)),
    sign: (message) => Buffer.from(ed25519.sign(new TextEncoder().encode(message), key)).toString('base64'),
  };
}

/** Base64 SPKI DER of a raw 32-byte ed25519 public key. */
export function spkiBase64(raw: Uint8Array): string {
  return Buffer.concat([SPKI_PREFIX, raw]).toString('base64');
}

/** The raw 32 key bytes of a base64 SPKI DER, or null when it is not an Ed25519 SPKI. */
export function rawPublicKey(spki: string): Uint8Array | null {
  if (typeof spki !== 'string' || spki.length > 100) return null;
  const der = Buffer.from(spki, 'base64');
  if (der.length !== 44 || !der.subarray(0, 12).equals(Buffer.from(SPKI_PREFIX))) return null;
  return Uint8Array.from(der.subarray(12));
}

/** Whether `sig` (base64) is a valid signature by `spki` over `message`; malformed inputs are false. */
export function verifyAuditSignature(spki: string, message: string, sig: string): boolean {
  const pub = rawPublicKey(spki);
  if (!pub || typeof sig !== 'string' || sig.length > 100) return false;
  const bytes = Buffer.from(sig, 'base64');
  if (bytes.length !== 64) return false;
  try {
    return ed25519.verify(bytes, new TextEncoder().encode(message), pub);
  } catch {
    return false;
  }
}

/** A short fingerprint people can compare: the first 16 hex digits of SHA-256 over the SPKI DER. */
export function keyFingerprint(spki: string): string {
  return createHash('sha256').update(Buffer.from(spki, 'base64')).digest('hex').slice(0, 16);
}
