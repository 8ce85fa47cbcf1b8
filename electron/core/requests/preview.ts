// A payload's preview, derived from its own bytes only: display text, size, hash and the warnings a user needs.
import { hash } from 'node:crypto';
import { OPAQUE_32_WARNING } from '../../../shared/ipc/request-schemas';

/**
 * What the user sees before approving. Always derived here from the payload bytes, never taken
 * from the requester, so a requester cannot describe one thing and have another signed.
 */
export interface PayloadPreview {
  kind: 'text' | 'json' | 'hex';
  /** Display text, cut at PREVIEW_MAX_CHARS; size and sha256 always cover the whole payload. */
  text: string;
  truncated: boolean;
  size: number;
  sha256: string;
  warnings: string[];
}

/** Enough to read a message; a longer display is a scrolling problem, not a safety one. */
export const PREVIEW_MAX_CHARS = 8192;

export const INVISIBLE_CHARS_WARNING =
  'The text contains invisible or direction-changing characters: what you read may not be what is signed.';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** SHA-256 of the payload, hex; the one identity of a payload across preview, dedupe and audit. */
export function sha256Hex(bytes: Uint8Array): string {
  return hash('sha256', bytes, 'hex');
}

/** Derives the preview: pretty JSON if it parses, UTF-8 text if printable, hex otherwise. */
export function derivePreview(payload: Uint8Array, knownSha256?: string): PayloadPreview {
  const size = payload.length;
  const sha256 = knownSha256 ?? sha256Hex(payload);
  const warnings: string[] = [];
  const text = decodePrintable(payload);
  if (text === null) {
    if (size === 32) warnings.push(OPAQUE_32_WARNING);
    const shown = payload.subarray(0, PREVIEW_MAX_CHARS / 2);
    return {
      kind: 'hex',
      text: Buffer.from(shown).toString('hex'),
      truncated: shown.length < size,
      size,
      sha256,
      warnings,
    };
  }
  if (hasInvisible(text)) warnings.push(INVISIBLE_CHARS_WARNING);
  const json = looksLikeJson(text) ? reindentJson(text, PREVIEW_MAX_CHARS) : null;
  if (json) return { kind: 'json', text: json.text, truncated: json.truncated, size, sha256, warnings };
  const cut = cutAt(text, PREVIEW_MAX_CHARS);
  return { kind: 'text', text: cut, truncated: cut.length < text.length, size, sha256, warnings };
}

// ## Helpers

/** Returns the text only if it is valid UTF-8 with no control characters besides tab, LF and CR. */
function decodePrintable(payload: Uint8Array): string | null {
  let text: string;
  try {
    text = utf8.decode(payload);
  } catch {
    return null;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 9 || c === 10 || c === 13) continue;
    if (c < 32 || (c >= 0x7f && c <= 0x9f)) return null;
  }
  return text;
}

/** Zero-width, bidi-override and BOM characters can make displayed text differ from the signed bytes. */
function hasInvisible(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2060 && c <= 0x2069) || c === 0xfeff) {
      return true;
    }
  }
  return false;
}

/** Only objects and arrays are worth pretty-printing; a bare "42" or "true" reads fine as text. */
function looksLikeJson(text: string): boolean {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Re-indents JSON by walking its characters, never by parse + stringify: that would round big
 * numbers (12345678901234567890 → …000) and drop duplicate keys, showing values that are not signed.
 */
export function reindentJson(src: string, maxChars: number): { text: string; truncated: boolean } {
  const out: string[] = [];
  let length = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  const push = (s: string) => {
    out.push(s);
    length += s.length;
  };
  for (let i = 0; i < src.length; i++) {
    if (length > maxChars) return { text: cutAt(out.join(''), maxChars), truncated: true };
    const c = src.charAt(i);
    if (inString) {
      push(c);
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '{' || c === '[') {
      const next = skipWhitespace(src, i + 1);
      if (src[next] === (c === '{' ? '}' : ']')) {
        push(c + src[next]);
        i = next;
      } else {
        depth++;
        push(`${c}\n${'  '.repeat(depth)}`);
      }
    } else if (c === '}' || c === ']') {
      depth--;
      push(`\n${'  '.repeat(depth)}${c}`);
    } else if (c === ',') push(`,\n${'  '.repeat(depth)}`);
    else if (c === ':') push(': ');
    else if (c === '"') {
      inString = true;
      push(c);
    } else if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') push(c);
  }
  const text = out.join('');
  return text.length > maxChars ? { text: cutAt(text, maxChars), truncated: true } : { text, truncated: false };
}

/** Index of the first non-whitespace character at or after i. */
function skipWhitespace(src: string, i: number): number {
  while (i < src.length && (src[i] === ' ' || src[i] === '\t' || src[i] === '\n' || src[i] === '\r')) i++;
  return i;
}

/** Cuts to at most max UTF-16 units without leaving half a surrogate pair. */
function cutAt(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
