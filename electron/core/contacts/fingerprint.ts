/**
 * Fingerprints a person can compare over the phone: the key's first and last bytes in hex, and six
 * BIP39 words taken from the SHA-256 of the key (66 bits: a look-alike key would take about 2^66
 * tries to match every word). The same rule serves requester keys and TLS certificate SPKI hashes.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import type { Fingerprint } from '../../../shared/ipc/schemas';

/** Words in a fingerprint; each carries 11 bits of the hash. */
export const FINGERPRINT_WORDS = 6;
/** Bytes shown from each end of the key. */
const EDGE_BYTES = 4;

/** The first and last bytes, joined by an ellipsis (the whole key when it is short). */
export function shortHex(bytes: Uint8Array): string {
  const hex = bytesToHex(bytes);
  if (bytes.length <= EDGE_BYTES * 2) return hex;
  return `${hex.slice(0, EDGE_BYTES * 2)}…${hex.slice(-EDGE_BYTES * 2)}`;
}

/** The first FINGERPRINT_WORDS 11-bit groups of SHA-256(bytes), most significant bit first, as BIP39 words. */
export function fingerprintWords(bytes: Uint8Array): string[] {
  const hash = sha256(bytes);
  const words: string[] = [];
  for (let i = 0; i < FINGERPRINT_WORDS; i++) {
    let index = 0;
    // FINGERPRINT_WORDS * 11 bits fit in the 32-byte hash, and an 11-bit index always names one of the 2048 words.
    for (let bit = i * 11; bit < (i + 1) * 11; bit++) index = (index << 1) | ((hash[bit >> 3]! >> (7 - (bit & 7))) & 1);
    words.push(wordlist[index]!);
  }
  return words;
}

export function fingerprintOf(bytes: Uint8Array): Fingerprint {
  return { short: shortHex(bytes), words: fingerprintWords(bytes) };
}
