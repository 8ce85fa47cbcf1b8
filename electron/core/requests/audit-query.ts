// Searching the audit log: the filter schema, its parse, and a paged query over the entries.
import { z } from 'zod';
import { AUDIT_EVENTS, OPERATIONS, REQUEST_STATES } from '../../../shared/domain';
import { WalletError } from '../../../shared/errors';
import { issueMessage } from '../../../shared/zod-issue';
import type { AuditRecord } from './audit-entry';
import type { AuditLog } from './audit-log';
import { requesterLabel } from './request';

/** A search over the audit log, as IPC or the CLI sends it. All conditions must hold. */
export const auditFilterSchema = z.strictObject({
  /** The requester label (requester, else endpoint), exact. */
  requester: z.string().max(256).optional(),
  keyspace: z.string().max(128).optional(),
  keypair: z.string().max(256).optional(),
  state: z.enum(REQUEST_STATES).optional(),
  event: z.enum(AUDIT_EVENTS).optional(),
  operation: z.enum(OPERATIONS).optional(),
  id: z.string().max(64).optional(),
  /** Inclusive time range, ms since the epoch. */
  from: z.number().optional(),
  to: z.number().optional(),
  /** Case-insensitive substring of ids, requester, endpoint, keypair, hashes, reason, decidedBy. */
  text: z.string().max(256).optional(),
  limit: z.number().int().positive().max(100_000).default(500),
  offset: z.number().int().nonnegative().default(0),
});
export type AuditFilter = z.input<typeof auditFilterSchema>;
export type ParsedAuditFilter = z.output<typeof auditFilterSchema>;

export interface AuditPage {
  /** Newest first. */
  entries: AuditRecord[];
  /** Matches in all, before offset/limit. */
  total: number;
  /** Lines that could not be read and were skipped. */
  skipped: number;
}

/** Parses a filter from outside; malformed ones become 'bad_input'. */
export function parseAuditFilter(input: unknown): ParsedAuditFilter {
  const parsed = auditFilterSchema.safeParse(input ?? {});
  if (!parsed.success) throw new WalletError('bad_input', `invalid audit filter: ${issueMessage(parsed.error)}`);
  return parsed.data;
}

/** Searches the log newest first, holding only offset+limit entries in memory however big the log is. */
export async function queryAudit(log: Pick<AuditLog, 'entries'>, filterInput: unknown = {}): Promise<AuditPage> {
  const filter = parseAuditFilter(filterInput);
  const keep = filter.offset + filter.limit;
  const stats = { skipped: 0 };
  const window: AuditRecord[] = [];
  let total = 0;
  for await (const entry of log.entries(stats)) {
    if (!matchesAuditFilter(entry, filter)) continue;
    total++;
    window.push(entry);
    if (window.length >= 2 * keep) window.splice(0, window.length - keep);
  }
  const newest = window.slice(-keep).reverse();
  return { entries: newest.slice(filter.offset, keep), total, skipped: stats.skipped };
}

// ## Helpers

/** Whether an entry passes every condition of the filter. */
export function matchesAuditFilter(e: AuditRecord, f: ParsedAuditFilter): boolean {
  const r = e.request;
  if (f.requester !== undefined && requesterLabel(r.source) !== f.requester) return false;
  if (f.keyspace !== undefined && r.target.keyspace !== f.keyspace) return false;
  if (f.keypair !== undefined && r.target.keypair !== f.keypair) return false;
  if (f.state !== undefined && e.state !== f.state) return false;
  if (f.event !== undefined && e.event !== f.event) return false;
  if (f.operation !== undefined && r.operation !== f.operation) return false;
  if (f.id !== undefined && e.id !== f.id) return false;
  if (f.from !== undefined && e.at < f.from) return false;
  if (f.to !== undefined && e.at > f.to) return false;
  if (f.text !== undefined) {
    const needle = f.text.toLowerCase();
    const hay = [e.id, r.source.requester, r.source.endpoint, r.target.keyspace, r.target.keypair, r.payload.sha256]
      .concat([e.reason, e.decidedBy, e.signature, r.keyManagement, r.operation])
      .filter((s): s is string => s !== undefined);
    if (!hay.some((s) => s.toLowerCase().includes(needle))) return false;
  }
  return true;
}
