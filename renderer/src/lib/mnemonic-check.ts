/**
 * Checks a typed mnemonic against the BIP39 English word list, so the import form can highlight the
 * bad word before asking the core; the core's own refusal names the word in its details.
 */
import { validateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import type { ErrorPayload } from '../../../shared/ipc/contract';

const WORDS = new Set(wordlist);
export const WORD_COUNTS = [12, 15, 18, 21, 24];

export interface MnemonicCheck {
  words: string[];
  /** 0-based positions of words not in the list. */
  badIndexes: number[];
  /** A sentence for the user, or null when the phrase is valid. */
  problem: string | null;
}

/** Splits the way the core does: any whitespace, case-insensitive. */
export function splitWords(input: string): string[] {
  return input.normalize('NFKD').trim().toLowerCase().split(/\s+/).filter(Boolean);
}

export function checkMnemonic(input: string): MnemonicCheck {
  const words = splitWords(input);
  const badIndexes = words.flatMap((w, i) => (WORDS.has(w) ? [] : [i]));
  const [first] = badIndexes;
  if (first !== undefined) {
    const more = badIndexes.length > 1 ? ` (and ${badIndexes.length - 1} more)` : '';
    return {
      words,
      badIndexes,
      problem: `Word ${first + 1} "${words[first]}" is not in the BIP39 English word list${more}.`,
    };
  }
  if (!WORD_COUNTS.includes(words.length)) {
    return { words, badIndexes, problem: `A recovery phrase has 12, 15, 18, 21 or 24 words, not ${words.length}.` };
  }
  if (!validateMnemonic(words.join(' '), wordlist)) {
    return { words, badIndexes, problem: 'The words are valid but the checksum does not match: check their order.' };
  }
  return { words, badIndexes, problem: null };
}

/** The 0-based position of the word the core refused (its error's `details.wordIndex`), or null. */
export function badWordFromError(error: Pick<ErrorPayload, 'details'>): number | null {
  const index = error.details?.wordIndex;
  return typeof index === 'number' && Number.isInteger(index) && index >= 0 ? index : null;
}

/** Suggestions for a mistyped word: list words sharing its first letters (BIP39 words are unique in 4). */
export function suggestWords(typed: string, max = 4): string[] {
  const prefix = typed.toLowerCase().slice(0, Math.min(4, typed.length));
  for (let n = prefix.length; n >= 1; n--) {
    const found = wordlist.filter((w) => w.startsWith(prefix.slice(0, n)));
    if (found.length > 0) return found.slice(0, max);
  }
  return [];
}

/** `count` distinct positions in [0, total), chosen with the platform CSPRNG, sorted. */
export function pickPositions(
  total: number,
  count: number,
  random: (n: number) => number = secureRandomBelow,
): number[] {
  const picked = new Set<number>();
  while (picked.size < Math.min(count, total)) picked.add(random(total));
  return [...picked].sort((a, b) => a - b);
}

/** A uniform integer in [0, n) from crypto.getRandomValues, without modulo bias. */
function secureRandomBelow(n: number): number {
  const limit = Math.floor(0x1_0000_0000 / n) * n;
  const buf = new Uint32Array(1);
  for (;;) {
    const value = crypto.getRandomValues(buf)[0]!;
    if (value < limit) return value % n;
  }
}
