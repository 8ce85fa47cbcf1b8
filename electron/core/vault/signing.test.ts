// Tests of signing against vectors, libsecp256k1 and OpenSSL.
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import * as secp from '@noble/secp256k1';
import fc from 'fast-check';
import libsecp from 'secp256k1';
import { describe, expect, it } from 'vitest';
import { publicKeyOf, signEd25519, signSecp256k1 } from './signing';

const vectors = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../test/vectors/${name}`, import.meta.url), 'utf8'));

const HALF_N = secp.Point.CURVE().n / 2n;
const b64url = (b: Uint8Array) => Buffer.from(b).toString('base64url');

/** A secp256k1 public key as node:crypto (OpenSSL) sees it. */
function opensslSecpKey(priv: Uint8Array) {
  const pub = secp.getPublicKey(priv, false);
  return createPublicKey({
    key: { kty: 'EC', crv: 'secp256k1', x: b64url(pub.slice(1, 33)), y: b64url(pub.slice(33)) },
    format: 'jwk',
  });
}

const secretKey = fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((k) => secp.utils.isValidSecretKey(k));

describe('secp256k1: ECDSA over SHA-256, RFC 6979, low-S, compact', () => {
  const file = vectors('rfc6979-secp256k1.json') as {
    vectors: Array<{ message: string; privateKey: string; sha256: string; signature: string }>;
  };

  it.each(file.vectors)('RFC 6979 vector: $message', (v) => {
    const message = new TextEncoder().encode(v.message);
    expect(bytesToHex(sha256(message))).toBe(v.sha256);
    expect(bytesToHex(signSecp256k1(hexToBytes(v.privateKey), message))).toBe(v.signature);
  });

  it('matches libsecp256k1 byte for byte and verifies with OpenSSL, for any key and message', () => {
    fc.assert(
      fc.property(secretKey, fc.uint8Array({ maxLength: 300 }), (priv, message) => {
        const sig = signSecp256k1(priv, message);
        expect(sig).toHaveLength(64);
        const s = BigInt(`0x${bytesToHex(sig.slice(32))}`);
        expect(s <= HALF_N).toBe(true);
        // libsecp256k1 signs the 32-byte digest we give it with RFC 6979: same nonce, same bytes
        const native = libsecp.ecdsaSign(sha256(message), priv);
        expect(bytesToHex(sig)).toBe(bytesToHex(native.signature));
        expect(nodeVerify('sha256', message, { key: opensslSecpKey(priv), dsaEncoding: 'ieee-p1363' }, sig)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('hashes exactly once: the signature is over SHA-256(message), not SHA-256(SHA-256(message))', () => {
    const priv = hexToBytes('11'.repeat(32));
    const message = new TextEncoder().encode('once');
    const sig = signSecp256k1(priv, message);
    const pub = publicKeyOf('secp256k1', priv);
    expect(libsecp.ecdsaVerify(sig, sha256(message), pub)).toBe(true);
    expect(libsecp.ecdsaVerify(sig, sha256(sha256(message)), pub)).toBe(false);
  });

  it('refuses an invalid private key', () => {
    expect(() => signSecp256k1(new Uint8Array(32), new Uint8Array(1))).toThrow();
  });
});

describe('ed25519: RFC 8032', () => {
  const file = vectors('ed25519-rfc8032.json') as {
    vectors: Array<{ privateKey: string; publicKey: string; message: string; signature: string }>;
  };

  it.each(file.vectors.map((v, i) => ({ ...v, i })))('reference vector $i', (v) => {
    const priv = hexToBytes(v.privateKey);
    expect(bytesToHex(publicKeyOf('ed25519', priv))).toBe(v.publicKey);
    expect(bytesToHex(signEd25519(priv, hexToBytes(v.message)))).toBe(v.signature);
  });

  it('matches OpenSSL (node:crypto) byte for byte', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 300 }), (priv, msg) => {
        const pub = publicKeyOf('ed25519', priv);
        const key = createPrivateKey({
          key: { kty: 'OKP', crv: 'Ed25519', d: b64url(priv), x: b64url(pub) },
          format: 'jwk',
        });
        expect(bytesToHex(signEd25519(priv, msg))).toBe(bytesToHex(nodeSign(null, msg, key)));
      }),
      { numRuns: 40 },
    );
  });
});
