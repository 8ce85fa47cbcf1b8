// Tests of signature verification.
import { createPrivateKey, sign as nodeSign } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import * as secp from '@noble/secp256k1';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { at } from '../../../test/helpers/at';
import { publicKeyOf, signEd25519, signSecp256k1 } from './signing';
import { verifySignature } from './verify';

const enc = (s: string) => new TextEncoder().encode(s);
const priv = hexToBytes('0f'.repeat(32));
const secpPub = bytesToHex(publicKeyOf('secp256k1', priv));
const edPub = bytesToHex(publicKeyOf('ed25519', priv));

describe('verifySignature', () => {
  it('accepts our compact secp256k1 signature and its DER form; rejects other messages', () => {
    const sig = signSecp256k1(priv, enc('m'));
    expect(verifySignature(secpPub, enc('m'), sig)).toBe(true);
    const der = secp256k1.Signature.fromBytes(sig, 'compact').toBytes('der');
    expect(verifySignature(secpPub, enc('m'), der)).toBe(true);
    expect(verifySignature(`0x${secpPub.toUpperCase()}`, enc('m'), sig)).toBe(true);
    expect(verifySignature(secpPub, enc('n'), sig)).toBe(false);
  });

  it('accepts DER signatures made by OpenSSL (node:crypto), high-S or not', () => {
    const pub = secp.getPublicKey(priv, false);
    const b64url = (b: Uint8Array) => Buffer.from(b).toString('base64url');
    const key = createPrivateKey({
      key: { kty: 'EC', crv: 'secp256k1', d: b64url(priv), x: b64url(pub.slice(1, 33)), y: b64url(pub.slice(33)) },
      format: 'jwk',
    });
    for (let i = 0; i < 20; i++) {
      const msg = enc(`openssl ${i}`);
      expect(verifySignature(secpPub, msg, new Uint8Array(nodeSign('sha256', msg, key)))).toBe(true);
    }
  });

  it('accepts the uncompressed (65-byte) public key too', () => {
    const sig = signSecp256k1(priv, enc('m'));
    expect(verifySignature(bytesToHex(secp.getPublicKey(priv, false)), enc('m'), sig)).toBe(true);
  });

  it('accepts high-S (as openssl makes them) but not a signature over a double hash', () => {
    const sig = secp256k1.Signature.fromBytes(signSecp256k1(priv, enc('m')), 'compact');
    const high = new secp256k1.Signature(sig.r, secp256k1.Point.CURVE().n - sig.s);
    expect(high.hasHighS()).toBe(true);
    expect(verifySignature(secpPub, enc('m'), high.toBytes('compact'))).toBe(true);
    expect(verifySignature(secpPub, enc('m'), high.toBytes('der'))).toBe(true);
    const twice = secp.sign(sha256(sha256(enc('m'))), priv, { prehash: false });
    expect(verifySignature(secpPub, enc('m'), twice)).toBe(false);
  });

  it('verifies ed25519 by key length and rejects a flipped bit', () => {
    const sig = signEd25519(priv, enc('m'));
    expect(verifySignature(edPub, enc('m'), sig)).toBe(true);
    sig[10] = at(sig, 10) ^ 1;
    expect(verifySignature(edPub, enc('m'), sig)).toBe(false);
  });

  it('never throws, whatever it is given', () => {
    const anything = fc.oneof(fc.string(), fc.uint8Array({ maxLength: 80 }), fc.constant(null), fc.integer());
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.uint8Array({ minLength: 32, maxLength: 33 }).map(bytesToHex), fc.constant(secpPub)),
        anything,
        anything,
        (pub, msg, sig) => {
          expect(verifySignature(pub, msg as Uint8Array, sig as Uint8Array)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects garbage signatures and keys of the wrong length', () => {
    expect(verifySignature(secpPub, enc('m'), new Uint8Array(64))).toBe(false);
    expect(verifySignature(secpPub, enc('m'), new Uint8Array(70).fill(0x30))).toBe(false);
    expect(verifySignature(secpPub.slice(0, 40), enc('m'), signSecp256k1(priv, enc('m')))).toBe(false);
    expect(verifySignature('zz', enc('m'), new Uint8Array(64))).toBe(false);
  });
});
