/**
 * An export people can read and a third party can check offline (docs/audit-log.md): the entries
 * the filter selects, plus every stored line from the oldest of them to the newest checkpoint, byte
 * for byte, plus that checkpoint's signature and the audit public key. Lines after the newest
 * checkpoint carry no signature yet and are left out; the running wallet checkpoints before exporting.
 */
import { WalletError } from '../../../shared/errors';
import { chainFields, headMessage, keyFingerprint, readRawLines } from '../audit-chain';
import { type AuditRecord, auditRecordSchema } from './audit-entry';
import { type AuditFilter, matchesAuditFilter, parseAuditFilter } from './audit-query';

export const AUDIT_EXPORT_FORMAT = 'signing-wallet-audit-export';

export interface AuditProof {
  /** Seq of the checkpoint line (the last line of the export). */
  seq: number;
  /** The line the checkpoint signs. */
  signs: { seq: number; sha256: string };
  /** The exact message that was signed. */
  message: string;
  /** Base64 ed25519 signature. */
  signature: string;
  /** Base64 SubjectPublicKeyInfo DER of the audit key. */
  publicKey: string;
  publicKeyFingerprint: string;
}

interface Collected {
  /** Matching entries with their seq (null before the chain started), oldest first. */
  matched: Array<AuditRecord & { seq: number | null }>;
  /** Chained lines up to and including the newest checkpoint, from the first match on. */
  lines: Array<{ seq: number; text: string }>;
  proof: AuditProof | null;
}

/** Reads the files once, keeping only what the export needs. */
async function collect(files: string[], filterInput: unknown): Promise<Collected> {
  const filter = parseAuditFilter(filterInput);
  const out: Collected = { matched: [], lines: [], proof: null };
  let pending: Array<{ seq: number; text: string }> = [];
  let signedSeq = -1;
  for await (const raw of readRawLines(files)) {
    const text = raw.bytes.toString('utf8');
    const fields = chainFields(text);
    let record: Record<string, unknown> | null = null;
    try {
      record = JSON.parse(text);
    } catch {}
    if (!record || typeof record !== 'object') continue;
    if (fields && (out.matched.length > 0 || pending.length > 0))
      pending.push({ seq: fields.seq, text: text.slice(0, -1) });
    if (fields && record.event === 'checkpoint') {
      out.proof = proofOf(record, fields.seq);
      signedSeq = fields.seq;
      if (pending.length === 0) pending.push({ seq: fields.seq, text: text.slice(0, -1) });
      out.lines.push(...pending);
      pending = [];
      continue;
    }
    const entry = auditRecordSchema.safeParse(record);
    if (!entry.success || !matchesAuditFilter(entry.data, filter)) continue;
    if (fields && out.matched.length === 0 && pending.length === 0)
      pending.push({ seq: fields.seq, text: text.slice(0, -1) });
    out.matched.push({ ...entry.data, seq: fields?.seq ?? null });
  }
  out.matched = out.matched.filter((e) => e.seq === null || e.seq <= signedSeq).slice(-filter.limit);
  const from = out.matched.find((e) => e.seq !== null)?.seq ?? signedSeq;
  out.lines = out.lines.filter((l) => l.seq >= from);
  return out;
}

function proofOf(record: Record<string, unknown>, seq: number): AuditProof {
  const signs = record.signs as { seq: number; sha256: string };
  const publicKey = String(record.key);
  return {
    seq,
    signs,
    message: headMessage(signs.seq, signs.sha256),
    signature: String(record.sig),
    publicKey,
    publicKeyFingerprint: keyFingerprint(publicKey),
  };
}

/** Writes the export as pretty JSON or as CSV (one row per stored line, formula-safe). */
export async function exportAuditWithProof(
  files: string[],
  format: 'json' | 'csv',
  filterInput: AuditFilter | undefined = {},
): Promise<string> {
  if (format !== 'json' && format !== 'csv') throw new WalletError('bad_input', 'format must be json or csv');
  const { matched, lines, proof } = await collect(files, { limit: 100_000, ...filterInput, offset: 0 });
  if (!proof) throw new WalletError('not_found', 'the audit log has no checkpoint yet, so nothing signed to export');
  if (format === 'json') {
    const doc = {
      format: AUDIT_EXPORT_FORMAT,
      version: 1,
      proof,
      entries: [...matched].reverse(),
      lines: lines.map((l) => l.text),
    };
    return `${JSON.stringify(doc, null, 2)}\n`;
  }
  const selected = new Set(matched.map((e) => e.seq));
  const rows = lines.map((l) => csvRow(l.text, selected.has(l.seq)));
  return `${[CSV_COLUMNS.map(([name]) => name).join(','), ...rows].join('\r\n')}\r\n`;
}

// ## CSV

type Cell = string | number | boolean | undefined;
type Row = { line: string; matched: boolean; r: Record<string, unknown>; e: AuditRecord | null };
type Column = [string, (row: Row) => Cell];

const CSV_COLUMNS: Column[] = [
  ['seq', ({ r }) => r.seq as number],
  ['matched', ({ matched }) => matched],
  ['time', ({ r }) => (typeof r.at === 'number' ? new Date(r.at).toISOString() : undefined)],
  ['event', ({ r }) => r.event as string],
  ['id', ({ e }) => e?.id],
  ['state', ({ e }) => e?.state],
  ['source', ({ e }) => e?.request.source.kind],
  ['endpoint', ({ e }) => e?.request.source.endpoint],
  ['requester', ({ e }) => e?.request.source.requester],
  ['verified', ({ e }) => e?.request.source.verified],
  ['keyspace', ({ e }) => e?.request.target.keyspace],
  ['keypair', ({ e }) => e?.request.target.keypair],
  ['operation', ({ e }) => e?.request.operation],
  ['keyManagement', ({ e }) => e?.request.keyManagement],
  ['payloadSize', ({ e }) => e?.request.payload.size],
  ['payloadSha256', ({ e }) => e?.request.payload.sha256],
  ['decidedBy', ({ e }) => e?.decidedBy],
  ['reason', ({ e }) => e?.reason],
  ['signature', ({ e, r }) => e?.signature ?? (r.sig as string | undefined)],
  ['resultOk', ({ e }) => e?.result?.ok],
  ['totalMs', ({ e }) => e?.timings?.totalMs],
  ['auditKey', ({ r }) => r.key as string | undefined],
  ['line', ({ line }) => line],
];

function csvRow(line: string, matched: boolean): string {
  const r = JSON.parse(line) as Record<string, unknown>;
  const parsed = auditRecordSchema.safeParse(r);
  const row: Row = { line, matched, r, e: parsed.success ? parsed.data : null };
  return CSV_COLUMNS.map(([, get]) => csvCell(get(row))).join(',');
}

/** Quotes every cell and defuses leading = + - @ so a spreadsheet never runs a requester's text as a formula. */
function csvCell(value: Cell): string {
  if (value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}
