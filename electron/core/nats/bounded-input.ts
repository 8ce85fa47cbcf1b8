/**
 * Remote payloads are bounded before any parser sees them: by size, and by how deeply brackets
 * nest. A scan is one linear pass over the bytes, so no payload can hold the core's thread (the
 * Electron main process in the app) the way a recursive parse of a hostile nesting can.
 */
import { WalletError } from '../../../shared/errors';

/** The largest request payload read at all; NATS's own default limit is 1 MiB. */
export const MAX_REQUEST_BYTES = 1024 * 1024;
/** A JSON operation is one flat object: nothing legitimate nests deeper than this. */
export const MAX_JSON_DEPTH = 4;
/** Scripts nest blocks, calls and arrays; the parser's own AST limit is 256. */
export const MAX_SCRIPT_DEPTH = 128;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** Byte classes for the scan: 1 opens a level ({ [ (), 2 closes one (} ] )), 3 starts a string ("). */
const CLASS = new Uint8Array(256);
for (const c of [0x7b, 0x5b, 0x28]) CLASS[c] = 1;
for (const c of [0x7d, 0x5d, 0x29]) CLASS[c] = 2;
CLASS[QUOTE] = 3;

/** Refuses a payload over `limit` bytes (MAX_REQUEST_BYTES unless smaller) with 'bad_input'. */
export function checkSize(data: Uint8Array, limit = MAX_REQUEST_BYTES): void {
  const max = Math.min(limit, MAX_REQUEST_BYTES);
  if (data.length > max) throw new WalletError('bad_input', `the payload is ${data.length} bytes; the limit is ${max}`);
}

/**
 * Refuses a payload whose brackets, outside double-quoted strings, nest deeper than `limit`
 * ('bad_input'). Unbalanced brackets are left for the parser to report.
 */
export function checkNesting(data: Uint8Array, limit: number, what: string): void {
  let depth = 0;
  for (let i = 0; i < data.length; i++) {
    // i is inside the payload, and every byte value indexes the 256-entry table.
    const kind = CLASS[data[i]!];
    if (kind === 0) continue;
    if (kind === 1) {
      if (++depth > limit) throw new WalletError('bad_input', `${what} nests deeper than ${limit} levels`);
    } else if (kind === 2) {
      if (depth > 0) depth--;
    } else {
      i = stringEnd(data, i);
    }
  }
}

/** The index of the quote that closes the string opened at `open` (skipping escaped quotes), or the end. */
function stringEnd(data: Uint8Array, open: number): number {
  let at = open;
  for (;;) {
    at = data.indexOf(QUOTE, at + 1);
    if (at < 0) return data.length;
    let slashes = 0;
    while (data[at - 1 - slashes] === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return at;
  }
}
