// One audit log record: its schema, and how a request's event becomes a record or a JSON line.
import { z } from 'zod';
import {
  AUDIT_EVENTS,
  type AuditEvent,
  KEY_MANAGEMENT_KINDS,
  OPERATIONS,
  REQUEST_STATES,
} from '../../../shared/domain';
import { type QueuedRequest, requestSourceSchema, requestTargetSchema } from './request';

const hex = z.string().regex(/^[0-9a-f]*$/);

export const requestSummarySchema = z.object({
  source: requestSourceSchema,
  target: requestTargetSchema,
  operation: z.enum(OPERATIONS),
  keyManagement: z.enum(KEY_MANAGEMENT_KINDS).optional(),
  payload: z.object({ size: z.number().int().nonnegative(), sha256: hex }),
  script: z
    .object({
      sha256: hex,
      calls: z.array(z.string()),
      keyspaces: z.array(z.string()).optional(),
      keyManagement: z.array(z.string()).optional(),
    })
    .optional(),
  createdAt: z.number(),
  expiresAt: z.number(),
});

export const auditRecordSchema = z.object({
  v: z.literal(1),
  at: z.number(),
  id: z.string().min(1),
  event: z.enum(AUDIT_EVENTS),
  state: z.enum(REQUEST_STATES),
  request: requestSummarySchema,
  /** 'user', 'auto', 'policy:<rule id>' or 'policy:default'. */
  decidedBy: z.string().optional(),
  reason: z.string().optional(),
  code: z.string().optional(),
  signature: hex.optional(),
  result: z.object({ ok: z.boolean(), detail: z.string().optional() }).optional(),
  timings: z
    .object({ waitMs: z.number().optional(), signMs: z.number().optional(), totalMs: z.number().optional() })
    .optional(),
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;

/** Script results are free text from the interpreter: kept short so the log stays a log. */
export const RESULT_DETAIL_MAX = 1000;

type EntryExtra = Partial<Omit<AuditRecord, 'v' | 'at' | 'id' | 'event' | 'state' | 'request'>>;

/** An audit entry for a request at `at`, with whatever extra fields the event carries. */
export function auditEntryFor(
  req: Pick<QueuedRequest, 'id' | 'summary' | 'state'>,
  event: AuditEvent,
  at: number,
  extra: EntryExtra = {},
): AuditRecord {
  return { v: 1, at, id: req.id, event, state: req.state, request: req.summary, ...extra };
}

/**
 * The same entry as one JSON line, reusing the request summary serialised once at arrival: every
 * request writes at least two lines, and re-serialising its summary each time was the queue's biggest cost.
 */
export function auditLineFor(
  req: Pick<QueuedRequest, 'id' | 'summaryJson' | 'state'>,
  event: AuditEvent,
  at: number,
  extra: EntryExtra = {},
): string {
  // ids are UUIDs (hex and dashes) and event/state come from fixed lists: nothing here needs escaping.
  const head = `{"v":1,"at":${at},"id":"${req.id}","event":"${event}","state":"${req.state}","request":${req.summaryJson}`;
  const tail = JSON.stringify(extra);
  return tail === '{}' ? `${head}}\n` : `${head},${tail.slice(1)}\n`;
}
