import { generateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { describe, expect, it } from 'vitest';
import { badWordFromError, checkMnemonic, pickPositions, suggestWords } from './mnemonic-check';

describe('mnemonic check', () => {
  it('accepts a valid phrase in any spacing and case', () => {
    const m = generateMnemonic(wordlist, 256);
    expect(checkMnemonic(`  ${m.toUpperCase().replaceAll(' ', '\n ')} `).problem).toBeNull();
  });

  it('names the first unknown word and its position', () => {
    const words = generateMnemonic(wordlist, 128).split(' ');
    words[4] = 'walet';
    const check = checkMnemonic(words.join(' '));
    expect(check.badIndexes).toEqual([4]);
    expect(check.problem).toContain('Word 5 "walet"');
    expect(suggestWords('walet')).toContain('wall');
  });

  it('reports a wrong count and a bad checksum', () => {
    expect(checkMnemonic('abandon abandon').problem).toContain('not 2');
    const bad = `${'abandon '.repeat(11)}zoo`;
    expect(checkMnemonic(bad).problem).toContain('checksum');
  });

  it('reads the refused word from the core error details, never from its message', () => {
    expect(badWordFromError({ details: { wordIndex: 6 } })).toBe(6);
    expect(badWordFromError({ details: undefined })).toBeNull();
    expect(badWordFromError({ details: { wordIndex: '6' } })).toBeNull();
    expect(badWordFromError({ details: { wordIndex: -1 } })).toBeNull();
  });

  it('picks distinct sorted positions', () => {
    for (let i = 0; i < 50; i++) {
      const p = pickPositions(24, 3);
      expect(new Set(p).size).toBe(3);
      expect(p).toEqual([...p].sort((a, b) => a - b));
      expect(p.every((x) => x >= 0 && x < 24)).toBe(true);
    }
    const seq = [1, 1, 3, 1, 0];
    expect(pickPositions(5, 3, () => seq.shift() ?? 4)).toEqual([0, 1, 3]);
  });
});
