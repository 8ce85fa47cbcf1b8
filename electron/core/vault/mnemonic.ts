// BIP39 mnemonics: generation, validation and seed derivation.
import { generateMnemonic, mnemonicToSeedWebcrypto, validateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { WalletError } from '../../../shared/errors';

const WORD_COUNTS = [12, 15, 18, 21, 24];
const WORDS = new Set(wordlist);

/** A fresh BIP39 English mnemonic: 24 words (256 bits) by default, 12 (128 bits) on request. */
export function newMnemonic(words: 12 | 24 = 24): string {
  if (words !== 12 && words !== 24) throw new WalletError('bad_input', 'a new mnemonic has 12 or 24 words');
  return generateMnemonic(wordlist, words === 24 ? 256 : 128);
}

/**
 * Parses a mnemonic as typed: any spacing and case; 12/15/18/21/24 English words; valid checksum.
 * An unknown word is named with its 1-based position, because that is the one the user must fix, and
 * its 0-based index travels as `details.wordIndex` so a form can mark it without reading the message.
 */
export function parseMnemonic(input: unknown): string {
  if (typeof input !== 'string') throw new WalletError('bad_input', 'mnemonic must be text');
  const words = input.normalize('NFKD').trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (!WORD_COUNTS.includes(words.length)) {
    throw new WalletError('bad_input', `a mnemonic has 12, 15, 18, 21 or 24 words, not ${words.length}`);
  }
  const unknown = words.findIndex((w) => !WORDS.has(w));
  if (unknown >= 0) {
    throw new WalletError(
      'bad_input',
      `word ${unknown + 1} "${words[unknown]}" is not in the BIP39 English word list`,
      { wordIndex: unknown },
    );
  }
  const mnemonic = words.join(' ');
  if (!validateMnemonic(mnemonic, wordlist)) throw new WalletError('bad_input', 'mnemonic checksum does not match');
  return mnemonic;
}

/** BIP39 seed (PBKDF2-HMAC-SHA512, 2048 rounds) computed off the event loop by WebCrypto. */
export function mnemonicSeed(mnemonic: string, passphrase = ''): Promise<Uint8Array> {
  return mnemonicToSeedWebcrypto(mnemonic, passphrase);
}
