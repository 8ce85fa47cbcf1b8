import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { canonicalPublicKey } from './public-key';

describe('canonicalPublicKey', () => {
  it('gives one spelling for every spelling of a key, and the same one when asked again', () => {
    for (let i = 0; i < 50; i++) {
      const secret = secp256k1.utils.randomSecretKey();
      const compressed = bytesToHex(secp256k1.getPublicKey(secret, true));
      const uncompressed = bytesToHex(secp256k1.getPublicKey(secret, false));
      for (let round = 0; round < 2; round++) {
        expect(canonicalPublicKey(compressed)).toBe(compressed);
        expect(canonicalPublicKey(`0x${uncompressed.toUpperCase()}`)).toBe(compressed);
      }
    }
  });

  it('text that is no point stays no key when asked again', () => {
    const offCurve = `02${'f'.repeat(64)}`;
    expect(canonicalPublicKey(offCurve)).toBeNull();
    expect(canonicalPublicKey(offCurve)).toBeNull();
    expect(canonicalPublicKey('kp')).toBeNull();
  });
});
