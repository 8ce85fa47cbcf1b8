// Canonical public-key spelling: lower-case compressed hex, whatever case or prefix was typed.
/**
 * One spelling per key: lower-case hex without `0x`, secp256k1 compressed (33 bytes), ed25519 as its
 * 32 bytes. Rules and requests are compared in this form, so a key cannot dodge a rule by its case,
 * a `0x` prefix or its uncompressed encoding.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';

const HEX = /^(0x)?((?:[0-9a-fA-F]{2}){32}|(?:[0-9a-fA-F]{2}){33}|(?:[0-9a-fA-F]{2}){65})$/;

/** The canonical spelling of a public key in hex, or null when the text is not one. */
export function canonicalPublicKey(text: string): string | null {
  const m = HEX.exec(text);
  if (!m) return null;
  const hex = m[2].toLowerCase();
  if (hex.length === 64) return hex;
  try {
    return secp256k1.Point.fromHex(hex).toHex(true);
  } catch {
    return null;
  }
}
