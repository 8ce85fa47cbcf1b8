/** Checked against Debian's python3 (hashlib and the BIP39 list read from the same words), not against itself. */
import { spawnSync } from 'node:child_process';
import { hexToBytes } from '@noble/hashes/utils.js';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { at } from '../../../test/helpers/at';
import { FINGERPRINT_WORDS, fingerprintOf, fingerprintWords, shortHex } from './fingerprint';

/** The word indices as python computes them: the hash as one big integer, shifted 11 bits at a time. */
function pythonIndices(hexes: string[]): number[][] {
  const script = `
import hashlib, sys, json
out = []
for h in sys.argv[1:]:
    n = int.from_bytes(hashlib.sha256(bytes.fromhex(h)).digest(), 'big')
    out.append([(n >> (256 - 11 * (i + 1))) & 0x7ff for i in range(${FINGERPRINT_WORDS})])
print(json.dumps(out))
`;
  const r = spawnSync('/usr/bin/python3', ['-c', script, ...hexes], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

describe('fingerprints', () => {
  it('words match an independent computation for random keys', () => {
    const keys = fc
      .sample(fc.uint8Array({ minLength: 33, maxLength: 33 }), 40)
      .map((b) => Buffer.from(b).toString('hex'));
    const expected = pythonIndices(keys);
    keys.forEach((k, i) => {
      expect(fingerprintWords(hexToBytes(k))).toEqual(at(expected, i).map((n) => at(wordlist, n)));
    });
  });

  it('a one-bit change in the key changes the words', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 33, maxLength: 33 }), fc.nat(33 * 8 - 1), (key, bit) => {
        const other = Uint8Array.from(key);
        other[bit >> 3] = at(other, bit >> 3) ^ (1 << (bit & 7));
        expect(fingerprintWords(other)).not.toEqual(fingerprintWords(key));
      }),
    );
  });

  it('shows the first and last four bytes', () => {
    const key = hexToBytes(`02${'11'.repeat(3)}${'00'.repeat(25)}${'ab'.repeat(4)}`);
    expect(shortHex(key)).toBe('02111111…abababab');
    expect(fingerprintOf(key).words).toHaveLength(FINGERPRINT_WORDS);
  });
});
