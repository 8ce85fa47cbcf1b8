// Tests of BIP39 mnemonics against vectors.
import { readFileSync } from 'node:fs';
import { bytesToHex } from '@noble/hashes/utils.js';
import { HDKey } from '@scure/bip32';
import { validateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { describe, expect, it } from 'vitest';
import { at } from '../../../test/helpers/at';
import { mnemonicSeed, newMnemonic, parseMnemonic } from './mnemonic';

const bip39 = JSON.parse(readFileSync(new URL('../../../test/vectors/bip39.json', import.meta.url), 'utf8')) as {
  passphrase: string;
  vectors: Array<{ entropy: string; mnemonic: string; seed: string; xprv: string }>;
};

describe('BIP39 (Trezor reference vectors)', () => {
  it.each(bip39.vectors)('$mnemonic', async (v) => {
    expect(parseMnemonic(v.mnemonic)).toBe(v.mnemonic);
    const seed = await mnemonicSeed(v.mnemonic, bip39.passphrase);
    expect(bytesToHex(seed)).toBe(v.seed);
    expect(HDKey.fromMasterSeed(seed).privateExtendedKey).toBe(v.xprv);
  });
});

describe('parseMnemonic', () => {
  const valid = at(bip39.vectors, 0).mnemonic;

  it('accepts any spacing and case and returns the canonical form', () => {
    expect(parseMnemonic(`  ${valid.toUpperCase().split(' ').join('   \n\t')}  `)).toBe(valid);
  });

  it('names an unknown word and its position', () => {
    const words = valid.split(' ');
    words[4] = 'notaword';
    expect(() => parseMnemonic(words.join(' '))).toThrow(/word 5 "notaword" is not in the BIP39 English word list/);
    expect(() => parseMnemonic(words.join(' '))).toThrow(expect.objectContaining({ details: { wordIndex: 4 } }));
  });

  it('rejects a bad checksum', () => {
    const words = valid.split(' ');
    words[11] = words[11] === 'abandon' ? 'ability' : 'abandon';
    expect(() => parseMnemonic(words.join(' '))).toThrow(expect.objectContaining({ code: 'bad_input' }));
    expect(() => parseMnemonic(words.join(' '))).toThrow(/checksum/);
  });

  it.each([0, 11, 13, 25])('rejects %i words', (n) => {
    expect(() => parseMnemonic(Array(n).fill('abandon').join(' '))).toThrow(/12, 15, 18, 21 or 24 words/);
  });

  it('accepts every allowed length from the vectors (12, 18, 24)', () => {
    const lengths = new Set(bip39.vectors.map((v) => v.mnemonic.split(' ').length));
    expect([...lengths].sort()).toEqual([12, 18, 24]);
  });

  it('rejects non-strings', () => {
    expect(() => parseMnemonic(42)).toThrow(expect.objectContaining({ code: 'bad_input' }));
  });
});

describe('newMnemonic', () => {
  it('makes 24 words by default and 12 on request, each valid and fresh', () => {
    const a = newMnemonic();
    const b = newMnemonic(12);
    expect(a.split(' ')).toHaveLength(24);
    expect(b.split(' ')).toHaveLength(12);
    expect(validateMnemonic(a, wordlist) && validateMnemonic(b, wordlist)).toBe(true);
    expect(newMnemonic()).not.toBe(a);
  });

  it('refuses other lengths', () => {
    expect(() => newMnemonic(18 as 12)).toThrow(expect.objectContaining({ code: 'bad_input' }));
  });
});
