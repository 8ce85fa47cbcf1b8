// Canonical public-key spelling: lower-case compressed hex, whatever case or prefix was typed.
/**
 * One spelling per key: lower-case hex without `0x`, secp256k1 compressed (33 bytes), ed25519 as its
 * 32 bytes. Rules and requests are compared in this form, so a key cannot dodge a rule by its case,
 * a `0x` prefix or its uncompressed encoding.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';

const HEX = /^(0x)?((?:[0-9a-fA-F]{2}){32}|(?:[0-9a-fA-F]{2}){33}|(?:[0-9a-fA-F]{2}){65})$/;

/**
 * Points already decompressed, by their hex (at most 130 characters). Decompressing costs about a
 * quarter of a signature and every request names its key, so each key is worked out once; the map
 * is cleared when full, to stay bounded whatever keys requesters send.
 */
const known = new Map<string, string | null>();
const MAX_KNOWN = 4096;

/** The canonical spelling of a public key in hex, or null when the text is not one. */
export function canonicalPublicKey(text: string): string | null {
  const m = HEX.exec(text);
  if (!m) return null;
  const hex = m[2]!.toLowerCase(); // the key group is mandatory in HEX
  if (hex.length === 64) return hex;
  const hit = known.get(hex);
  if (hit !== undefined) return hit;
  let canonical: string | null = null;
  try {
    canonical = secp256k1.Point.fromHex(hex).toHex(true);
  } catch {
    // not a point on the curve: not a key
  }
  if (known.size >= MAX_KNOWN) known.clear();
  known.set(hex, canonical);
  return canonical;
}
