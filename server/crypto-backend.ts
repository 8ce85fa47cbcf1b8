// Signature verification and public key normalisation for the server: libsecp256k1 through the
// `secp256k1` package (prebuilt Node-API binaries) where it loads, @noble/secp256k1 otherwise.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import * as noble from '@noble/secp256k1';

/** The subset of the `secp256k1` package's native API the server uses. */
interface NativeSecp256k1 {
  publicKeyConvert(pub: Uint8Array, compressed?: boolean): Uint8Array;
  signatureNormalize(sig: Uint8Array): Uint8Array;
  ecdsaVerify(sig: Uint8Array, msg32: Uint8Array, pub: Uint8Array): boolean;
}

export type BackendName = 'native' | 'noble';

export interface CryptoBackend {
  readonly name: BackendName;
  /** The compressed form of a SEC 1 key (33 or 65 bytes), or null when it is not a valid point. */
  compressPublicKey(pub: Uint8Array): Uint8Array | null;
  /**
   * ECDSA over SHA-256(message) with a 64-byte compact signature. High-S is accepted (it is valid ECDSA;
   * libsecp256k1 only verifies low-S, so it is normalised first). Returns false, never throws.
   */
  verify(compactSig: Uint8Array, message: Uint8Array, pub: Uint8Array): boolean;
}

// ## Helpers

/** SHA-256 through node:crypto: the digest ECDSA signs in every dialect. */
export function sha256(message: Uint8Array): Uint8Array {
  return createHash('sha256').update(message).digest();
}

/** n/2 of secp256k1, big-endian: an s above it is "high" and libsecp256k1 will not verify it as is. */
const HALF_ORDER = Uint8Array.from(
  Buffer.from('7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0', 'hex'),
);

/** Whether the s half of a compact signature is above n/2 (byte compare, no bigint). */
export function isHighS(compactSig: Uint8Array): boolean {
  if (compactSig.length !== 64) return false;
  for (const [i, half] of HALF_ORDER.entries()) {
    // The length check above puts all 32 bytes of s in range.
    const s = compactSig[32 + i]!;
    if (s !== half) return s > half;
  }
  return false;
}

/** Loads libsecp256k1's binding directly (the package's own index silently falls back to elliptic). */
function loadNative(): NativeSecp256k1 | null {
  try {
    const require = createRequire(import.meta.url);
    return require('secp256k1/bindings') as NativeSecp256k1;
  } catch {
    return null;
  }
}

/** libsecp256k1: the fast path, about 40x noble's verify rate. */
function nativeBackend(lib: NativeSecp256k1): CryptoBackend {
  return {
    name: 'native',
    compressPublicKey(pub) {
      if (pub.length !== 33 && pub.length !== 65) return null;
      try {
        return lib.publicKeyConvert(pub, true);
      } catch {
        return null;
      }
    },
    verify(compactSig, message, pub) {
      if (compactSig.length !== 64) return false;
      try {
        // signatureNormalize mutates its argument: hand it a copy, and only when there is work to do.
        const sig = isHighS(compactSig) ? lib.signatureNormalize(Uint8Array.from(compactSig)) : compactSig;
        return lib.ecdsaVerify(sig, sha256(message), pub);
      } catch {
        return false;
      }
    },
  };
}

/** @noble/secp256k1: pure JS, used where the native binding cannot load. */
function nobleBackend(): CryptoBackend {
  return {
    name: 'noble',
    compressPublicKey(pub) {
      if (pub.length !== 33 && pub.length !== 65) return null;
      try {
        return noble.Point.fromBytes(pub).toBytes(true);
      } catch {
        return null;
      }
    },
    verify(compactSig, message, pub) {
      if (compactSig.length !== 64) return false;
      try {
        return noble.verify(compactSig, sha256(message), pub, { prehash: false, lowS: false });
      } catch {
        return false;
      }
    },
  };
}

/**
 * The verifier the server runs with: `auto` picks native and falls back to noble; naming one forces it
 * (tests run both on the same vectors). Asking for `native` where it cannot load throws.
 */
export function createCryptoBackend(prefer: 'auto' | BackendName = 'auto'): CryptoBackend {
  if (prefer === 'noble') return nobleBackend();
  const lib = loadNative();
  if (lib !== null) return nativeBackend(lib);
  if (prefer === 'native') throw new Error('the native secp256k1 binding could not be loaded');
  return nobleBackend();
}
