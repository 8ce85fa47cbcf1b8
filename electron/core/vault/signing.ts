// Signing with a private key: ECDSA secp256k1 over SHA-256 (RFC 6979, low-S) and Ed25519.
import { ed25519 } from '@noble/curves/ed25519.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import * as secp from '@noble/secp256k1';
import { ed25519PublicKey } from './derivation';
import type { KeyType } from './types';

// noble-secp256k1 v3 ships without sync hashes; RFC 6979 needs HMAC-SHA256 and sign() needs both.
secp.hashes.sha256 = sha256;
secp.hashes.hmacSha256 = (key, msg) => hmac(sha256, key, msg);

/**
 * ECDSA over SHA-256(message): the digest is computed here exactly once and handed over with
 * `prehash: false`, so noble cannot hash it a second time. RFC 6979 nonces, low-S, 64-byte r||s.
 */
export function signSecp256k1(privateKey: Uint8Array, message: Uint8Array): Uint8Array {
  return secp.sign(sha256(message), privateKey, { prehash: false, lowS: true, format: 'compact' });
}

/** RFC 8032 Ed25519 over the message itself (the scheme hashes internally with SHA-512). */
export function signEd25519(privateKey: Uint8Array, message: Uint8Array): Uint8Array {
  return ed25519.sign(message, privateKey);
}

export function signWith(type: KeyType, privateKey: Uint8Array, message: Uint8Array): Uint8Array {
  return type === 'secp256k1' ? signSecp256k1(privateKey, message) : signEd25519(privateKey, message);
}

/** The public key a private key shows: compressed 33 bytes for secp256k1, 32 bytes for ed25519. */
export function publicKeyOf(type: KeyType, privateKey: Uint8Array): Uint8Array {
  return type === 'secp256k1' ? secp.getPublicKey(privateKey, true) : ed25519PublicKey(privateKey);
}

/** A secp256k1 private key must be a scalar in 1..n-1. */
export function isValidSecp256k1PrivateKey(privateKey: Uint8Array): boolean {
  return secp.utils.isValidSecretKey(privateKey);
}
