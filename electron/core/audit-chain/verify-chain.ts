// The audit log verifier: walks the chain line by line, checks checkpoints, and reports the first break.
import { verifyAuditSignature } from './audit-key';
import { chainFields, GENESIS_PREV, headMessage, lineHash } from './chain-line';
import type { RawLine } from './raw-lines';

/** A line's place in the chain: its seq and the SHA-256 of its bytes. */
export interface ChainHead {
  seq: number;
  sha256: string;
}

/** The first thing wrong with a log: where (file, 1-based line, seq when readable) and what. */
export interface ChainBreak {
  file: string;
  line: number;
  seq: number | null;
  problem: string;
}

export interface ChainReport {
  ok: boolean;
  /** Chained lines checked (request entries and chain records alike). */
  entries: number;
  /** Lines before the chain started (a log written before chaining existed). */
  unchained: number;
  firstSeq: number | null;
  /** The last chained line. */
  head: ChainHead | null;
  /** What the last valid checkpoint signs, and by which key (base64 SPKI). */
  signed: (ChainHead & { key: string }) | null;
  /** Chained lines after the last checkpoint. */
  unsignedTail: number;
  break: ChainBreak | null;
  notes: string[];
}

export interface VerifyChainOptions {
  /** The audit public key (base64 SPKI) the newest checkpoint must be signed by. */
  trustedKey?: string | null;
  /** The newest checkpoint as recorded outside the log; the log must still contain it unchanged. */
  anchor?: ChainHead | null;
  /** The running writer's own log: lines after the last checkpoint are expected, not a cut. */
  allowUnsignedTail?: boolean;
}

interface Checkpoint {
  signs: { seq: number; sha256: string };
  key: string;
  sig: string;
}

/** Reads a checkpoint record's fields, or null when they are malformed. */
function checkpointOf(record: Record<string, unknown>): Checkpoint | null {
  const signs = record.signs as Checkpoint['signs'] | undefined;
  if (!signs || typeof signs !== 'object' || !Number.isSafeInteger(signs.seq) || typeof signs.sha256 !== 'string')
    return null;
  if (typeof record.key !== 'string' || typeof record.sig !== 'string') return null;
  return { signs, key: record.key, sig: record.sig };
}

/** Checks a log line by line (oldest first) and stops at the first break. */
export async function verifyChain(lines: AsyncIterable<RawLine>, opts: VerifyChainOptions = {}): Promise<ChainReport> {
  const report: ChainReport = {
    ok: false,
    entries: 0,
    unchained: 0,
    firstSeq: null,
    head: null,
    signed: null,
    unsignedTail: 0,
    break: null,
    notes: [],
  };
  let prev: { hash: string; at: RawLine; seq: number | null } | null = null;
  let firstUnsigned: RawLine | null = null;
  let last: RawLine | null = null;
  const fail = (at: RawLine, seq: number | null, problem: string): ChainReport => {
    report.break = { file: at.file, line: at.line, seq, problem };
    return report;
  };

  for await (const raw of lines) {
    last = raw;
    const text = raw.bytes.toString('utf8');
    const hash = lineHash(raw.bytes);
    const fields = chainFields(text);
    if (!text.endsWith('\n')) return fail(raw, fields?.seq ?? null, 'the line is cut off (no newline at its end)');
    if (report.head === null) {
      if (!fields) {
        report.unchained++;
        prev = { hash, at: raw, seq: null };
        continue;
      }
    } else {
      if (!fields) return fail(raw, null, 'not a chained entry: it does not begin with seq and prev');
      const expected: number = report.head.seq + 1;
      if (fields.seq !== expected) {
        const why = fields.seq > expected ? `the entry with seq ${expected} is missing` : 'entries are out of order';
        return fail(raw, fields.seq, `seq ${fields.seq} where ${expected} was expected: ${why}`);
      }
      if (prev && fields.prev !== prev.hash) {
        return fail(
          prev.at,
          prev.seq,
          `its SHA-256 is not the prev that the next line (${raw.file} line ${raw.line}, seq ${fields.seq}) ` +
            'records: this entry or that prev was changed',
        );
      }
    }
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(text);
    } catch {
      return fail(raw, fields.seq, 'not valid JSON');
    }
    if (record === null || typeof record !== 'object' || record.seq !== fields.seq) {
      return fail(raw, fields.seq, 'not a JSON object with the seq it begins with');
    }
    if (report.head === null) {
      const problem = chainStartProblem(record, fields, prev?.hash ?? null, report);
      if (problem) return fail(raw, fields.seq, problem);
      report.firstSeq = fields.seq;
    } else if (record.event === 'chain-start') {
      const note = typeof record.note === 'string' ? ` (${record.note.slice(0, 300)})` : '';
      return fail(raw, fields.seq, `a chain start inside the chain${note}`);
    }
    if (record.event === 'checkpoint') {
      const cp = checkpointOf(record);
      if (!cp || cp.signs.seq !== fields.seq - 1 || cp.signs.sha256 !== fields.prev) {
        return fail(raw, fields.seq, 'a checkpoint that does not sign the line before it');
      }
      if (!verifyAuditSignature(cp.key, headMessage(cp.signs.seq, cp.signs.sha256), cp.sig)) {
        return fail(raw, fields.seq, 'the checkpoint signature does not verify');
      }
      if (report.signed && report.signed.key !== cp.key)
        report.notes.push(`the audit key changed at seq ${fields.seq}`);
      report.signed = { ...cp.signs, key: cp.key };
      report.unsignedTail = 0;
      firstUnsigned = null;
    } else {
      report.unsignedTail++;
      firstUnsigned ??= raw;
    }
    if (opts.anchor && fields.seq === opts.anchor.seq && hash !== opts.anchor.sha256) {
      return fail(
        raw,
        fields.seq,
        'this is not the checkpoint the keychain recorded at this seq: the log was rewritten',
      );
    }
    report.entries++;
    report.head = { seq: fields.seq, sha256: hash };
    prev = { hash, at: raw, seq: fields.seq };
  }
  return finish(report, opts, last, firstUnsigned);
}

// ## Helpers

/** Where the chain may begin: a chain start after unchained lines (migration) or at genesis, else a rotated-away start. */
function chainStartProblem(
  record: Record<string, unknown>,
  fields: { seq: number; prev: string },
  before: string | null,
  report: ChainReport,
): string | null {
  if (before !== null) {
    if (record.event !== 'chain-start') return 'chained entries begin without a chain start after unchained lines';
    if (fields.prev !== before) return 'the chain start does not record the SHA-256 of the line before it';
    return null;
  }
  if (fields.seq === 0) {
    if (record.event !== 'chain-start' || fields.prev !== GENESIS_PREV) return 'seq 0 is not a chain start';
    return null;
  }
  report.notes.push(`the log begins at seq ${fields.seq}: older entries were rotated away`);
  return null;
}

/** End-of-log checks: the recorded checkpoint is still there, a trusted key signed the end, nothing unsigned trails. */
function finish(
  report: ChainReport,
  opts: VerifyChainOptions,
  last: RawLine | null,
  firstUnsigned: RawLine | null,
): ChainReport {
  const end = { file: last?.file ?? 'audit.jsonl', line: (last?.line ?? 0) + 1, seq: null };
  const lastSeq = report.head?.seq ?? -1;
  const cutBefore =
    opts.anchor && lastSeq < opts.anchor.seq
      ? `the log ends at seq ${lastSeq} but the keychain recorded a checkpoint at seq ${opts.anchor.seq}`
      : null;
  if (report.head && !opts.allowUnsignedTail && report.signed && firstUnsigned) {
    const why = cutBefore
      ? `${cutBefore}: the end was cut off`
      : 'the end of the log was cut off after a checkpoint, or the wallet did not close cleanly (or is still running)';
    report.break = {
      file: firstUnsigned.file,
      line: firstUnsigned.line,
      seq: report.signed.seq + 2,
      problem: `${report.unsignedTail} entries after the last checkpoint (seq ${report.signed.seq + 1}) are not signed: ${why}`,
    };
    return report;
  }
  if (cutBefore) {
    report.break = { ...end, problem: `${cutBefore}: entries were cut off the end` };
    return report;
  }
  if (report.head && !opts.allowUnsignedTail && !report.signed) {
    report.break = { ...end, problem: 'no checkpoint signs this log' };
    return report;
  }
  if (opts.trustedKey && report.signed && report.signed.key !== opts.trustedKey) {
    report.break = { ...end, problem: 'the last checkpoint is signed by another key than this wallet’s audit key' };
    return report;
  }
  report.ok = true;
  return report;
}
