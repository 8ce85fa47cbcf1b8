import { secp256k1 } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import {
  compactToDer,
  detectPublicKeyEncoding,
  fromBase64,
  fromHex,
  normalizePublicKey,
  publicKeyBytesFromText,
  signatureToCompact,
  toBase64,
  toHex,
} from './encoding';

describe('base64', () => {
  it('accepts only strict, padded, canonical base64', () => {
    expect(fromBase64('aGk=')).toEqual(new Uint8Array([104, 105]));
    expect(fromBase64('')).toEqual(new Uint8Array());
    for (const bad of ['aGk', 'aGl=', 'a Gk=', 'aGk=\n', '====', 'aG-k', 'aGk==', 'YQ', '*']) {
      expect(fromBase64(bad), bad).toBeNull();
    }
  });
  it('round-trips bytes', () => {
    const bytes = Uint8Array.from({ length: 257 }, (_, i) => (i * 7) & 0xff);
    expect(fromBase64(toBase64(bytes))).toEqual(bytes);
  });
});

describe('public keys', () => {
  const { publicKey } = secp256k1.keygen();
  const compressed = toHex(publicKey);
  const uncompressed = secp256k1.Point.fromBytes(publicKey).toHex(false);

  it('detects hex and base64 by length, the lengths never overlap', () => {
    expect(detectPublicKeyEncoding(compressed)).toBe('hex');
    expect(detectPublicKeyEncoding(uncompressed.toUpperCase())).toBe('hex');
    expect(detectPublicKeyEncoding(toBase64(publicKey))).toBe('base64');
    expect(detectPublicKeyEncoding(toBase64(fromHex(uncompressed)!))).toBe('base64');
    expect(detectPublicKeyEncoding(compressed.slice(2))).toBeNull();
    expect(detectPublicKeyEncoding(`${toBase64(publicKey)}=`)).toBeNull();
  });

  it('normalises every form of the same key to compressed lower-case hex', () => {
    for (const form of [
      compressed,
      compressed.toUpperCase(),
      uncompressed,
      toBase64(publicKey),
      toBase64(fromHex(uncompressed)!),
    ]) {
      expect(normalizePublicKey(form)).toBe(compressed);
    }
  });

  it('rejects wrong prefixes, lengths and points off the curve', () => {
    expect(publicKeyBytesFromText(`05${compressed.slice(2)}`)).toBeNull();
    expect(publicKeyBytesFromText(`02${uncompressed.slice(2)}`)).toBeNull();
    expect(publicKeyBytesFromText(compressed, ['base64'])).toBeNull();
    expect(normalizePublicKey(`02${'00'.repeat(32)}`)).toBeNull();
    expect(normalizePublicKey(`04${'00'.repeat(64)}`)).toBeNull();
    expect(normalizePublicKey('not a key')).toBeNull();
  });
});

describe('signatures', () => {
  it('reads DER as the same compact signature (python3-ecdsa DER is checked in server/crypto-backend.test.ts)', () => {
    const { secretKey } = secp256k1.keygen();
    for (let i = 0; i < 20; i++) {
      const compact = secp256k1.sign(Uint8Array.of(i), secretKey);
      const der = compactToDer(compact);
      expect(der[0]).toBe(0x30);
      expect(signatureToCompact(der)).toEqual(compact);
    }
  });
  it('passes 64 bytes through as compact and refuses everything else', () => {
    const sig = new Uint8Array(64).fill(1);
    expect(signatureToCompact(sig)).toBe(sig);
    expect(signatureToCompact(new Uint8Array(63))).toBeNull();
    expect(signatureToCompact(new Uint8Array(70).fill(0x30))).toBeNull();
    expect(signatureToCompact(Uint8Array.of(0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x01))).toBeNull();
  });
});
