// Byte encodings shared by both ends of SigSocket: base64 messages and signatures, hex or base64
// public keys, compact or DER signatures. Browser-safe: Uint8Array only, no Node types.
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { base64, hex } from '@scure/base';

// ## Helpers

const HEX_KEY = /^(?:[0-9a-fA-F]{66}|[0-9a-fA-F]{130})$/;
const B64_KEY = /^(?:[A-Za-z0-9+/]{44}|[A-Za-z0-9+/]{87}=)$/;
const B64_CHARS = /^[A-Za-z0-9+/]*={0,2}$/;

/** Standard base64 with padding: the only form put on the wire. */
export function toBase64(bytes: Uint8Array): string {
  return base64.encode(bytes);
}

/** Strict, canonical, padded base64, or null: never throws on hostile input. */
export function fromBase64(text: string): Uint8Array | null {
  if (!isBase64(text)) return null;
  try {
    return base64.decode(text);
  } catch {
    return null;
  }
}

/** Whether a string looks like padded base64: alphabet and length only (cheap, no decoding). */
export function isBase64(text: string): boolean {
  return text.length % 4 === 0 && B64_CHARS.test(text);
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  return hex.encode(bytes);
}

/** Hex (either case, even length) to bytes, or null. */
export function fromHex(text: string): Uint8Array | null {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return null;
  return hex.decode(text.toLowerCase());
}

/** Constant-shape byte equality (lengths first), for matching messages. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  // Both indexes are in range: the lengths are equal.
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Hex SHA-256 of a message: the id of a plain-dialect request, which carries none. */
export function messageDigestHex(message: Uint8Array): string {
  return hex.encode(sha256(message));
}

// ## Public keys

export type PublicKeyEncoding = 'hex' | 'base64';

/**
 * Detects whether a textual public key is hex (66 or 130 digits) or base64 (44 or 88 characters).
 * The lengths never overlap, so the choice is unambiguous; anything else is null.
 */
export function detectPublicKeyEncoding(text: string): PublicKeyEncoding | null {
  if (HEX_KEY.test(text)) return 'hex';
  if (B64_KEY.test(text)) return 'base64';
  return null;
}

/**
 * SEC 1 bytes of a textual public key, hex or base64 (detected), with the right length and prefix
 * (02/03 for 33 bytes, 04 for 65). Does not check the point is on the curve: see compressPublicKey.
 */
export function publicKeyBytesFromText(
  text: string,
  allowed: readonly PublicKeyEncoding[] = ['hex', 'base64'],
): { bytes: Uint8Array; encoding: PublicKeyEncoding } | null {
  const encoding = detectPublicKeyEncoding(text);
  if (encoding === null || !allowed.includes(encoding)) return null;
  const bytes = encoding === 'hex' ? fromHex(text) : fromBase64(text);
  if (bytes === null || !hasSec1Prefix(bytes)) return null;
  return { bytes, encoding };
}

/** SEC 1 prefix rule: 33 bytes start with 02/03, 65 bytes with 04. */
export function hasSec1Prefix(bytes: Uint8Array): boolean {
  if (bytes.length === 33) return bytes[0] === 2 || bytes[0] === 3;
  if (bytes.length === 65) return bytes[0] === 4;
  return false;
}

/** The compressed (33-byte) form of a valid secp256k1 point, or null when it is not on the curve. */
export function compressPublicKey(bytes: Uint8Array): Uint8Array | null {
  if (!hasSec1Prefix(bytes)) return null;
  try {
    return secp256k1.Point.fromBytes(bytes).toBytes(true);
  } catch {
    return null;
  }
}

/** Compressed lower-case hex of a textual public key (hex or base64, 33 or 65 bytes), or null if invalid. */
export function normalizePublicKey(text: string): string | null {
  const parsed = publicKeyBytesFromText(text);
  if (parsed === null) return null;
  const compressed = compressPublicKey(parsed.bytes);
  return compressed === null ? null : hex.encode(compressed);
}

// ## Signatures

/**
 * A signature as 64-byte compact r||s. 64 bytes are always read as compact; anything else must be
 * strict DER with 1 <= r, s < n. Returns null for everything else, so callers answer "invalid signature".
 */
export function signatureToCompact(bytes: Uint8Array): Uint8Array | null {
  if (bytes.length === 64) return bytes;
  if (bytes.length < 8 || bytes.length > 72 || bytes[0] !== 0x30) return null;
  try {
    return secp256k1.Signature.fromBytes(bytes, 'der').toBytes('compact');
  } catch {
    return null;
  }
}

/** DER encoding of a 64-byte compact signature (for openssl and other DER-only verifiers). */
export function compactToDer(compact: Uint8Array): Uint8Array {
  return secp256k1.Signature.fromBytes(compact, 'compact').toBytes('der');
}
