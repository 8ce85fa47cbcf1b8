/**
 * The chain every audit line carries (docs/audit-log.md). A chained line is one JSON object on one
 * line that begins exactly `{"seq":N,"prev":"<64 hex>",`; `prev` is the SHA-256 of the previous
 * line's bytes including its newline, so any edit, deletion, reordering or cut inside the log
 * changes a hash a later line or checkpoint has committed to.
 */
import { hash } from 'node:crypto';

/** `prev` of the very first line of a new log: there is nothing before it. */
export const GENESIS_PREV = '0'.repeat(64);

/** Records the chain itself writes, next to the request entries. */
export const CHAIN_EVENTS = ['chain-start', 'checkpoint'] as const;
export type ChainEvent = (typeof CHAIN_EVENTS)[number];

/** What a checkpoint signs: the seq and hash of the line just before it, in a domain-separated message. */
export function headMessage(seq: number, sha256: string): string {
  return `signing-wallet audit v1 head seq=${seq} sha256=${sha256}`;
}

const CHAIN_PREFIX = /^\{"seq":(0|[1-9][0-9]{0,15}),"prev":"([0-9a-f]{64})",/;

/** SHA-256 (hex) of one line's exact bytes, newline included (one-shot: every audit line pays for it). */
export function lineHash(line: string | Uint8Array): string {
  return hash('sha256', line, 'hex');
}

/** Puts `seq` and `prev` in front of a serialised JSON object that ends in a newline. */
export function chainLine(line: string, seq: number, prev: string): string {
  if (line.charCodeAt(0) !== 0x7b || !line.endsWith('\n'))
    throw new Error('an audit line is one JSON object and its newline');
  return `{"seq":${seq},"prev":"${prev}",${line.slice(1)}`;
}

/** The seq and prev a line starts with, or null when it is not a chained line. */
export function chainFields(line: string): { seq: number; prev: string } | null {
  const m = CHAIN_PREFIX.exec(line);
  // Both groups are mandatory in CHAIN_PREFIX, so a match always has them.
  return m ? { seq: Number(m[1]), prev: m[2]! } : null;
}

/** The unchained body of a chain-start record (the writer chains it like any other line). */
export function chainStartBody(at: number, note: string): string {
  return `${JSON.stringify({ v: 1, at, event: 'chain-start', note })}\n`;
}

export interface CheckpointFields {
  /** The line this checkpoint signs: its seq and SHA-256 (always the checkpoint's own prev). */
  signs: { seq: number; sha256: string };
  /** The audit public key, base64 of its SubjectPublicKeyInfo DER. */
  key: string;
  /** Base64 of the 64-byte ed25519 signature over headMessage(signs.seq, signs.sha256). */
  sig: string;
}

/** The unchained body of a checkpoint record. */
export function checkpointBody(at: number, fields: CheckpointFields): string {
  return `${JSON.stringify({ v: 1, at, event: 'checkpoint', ...fields })}\n`;
}
