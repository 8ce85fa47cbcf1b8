// Signature verification against a hex public key: secp256k1 (compact or DER) and ed25519.
import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hexToBytes } from '@noble/hashes/utils.js';

const HEX = /^(0x)?([0-9a-fA-F]{2})+$/;

/**
 * Checks a signature against a hex public key; the key length picks the scheme: 32 bytes is
 * ed25519 (RFC 8032, strict), 33/65 bytes is secp256k1 ECDSA over SHA-256(message), 64-byte
 * compact or DER. High-S signatures are accepted here (openssl makes them); we only ever make low-S.
 * (@noble/curves here rather than @noble/secp256k1: the latter cannot parse DER.)
 * Never throws: malformed input of any kind is simply not a valid signature.
 */
export function verifySignature(publicKeyHex: string, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    if (typeof publicKeyHex !== 'string' || !HEX.test(publicKeyHex)) return false;
    if (!(message instanceof Uint8Array) || !(signature instanceof Uint8Array)) return false;
    const publicKey = hexToBytes(publicKeyHex.replace(/^0x/, ''));
    if (publicKey.length === 32) {
      return signature.length === 64 && ed25519.verify(signature, message, publicKey, { zip215: false });
    }
    if (publicKey.length !== 33 && publicKey.length !== 65) return false;
    const digest = sha256(message);
    const format = signature.length === 64 ? 'compact' : 'der';
    return secp256k1.verify(signature, digest, publicKey, { prehash: false, lowS: false, format });
  } catch {
    return false;
  }
}
