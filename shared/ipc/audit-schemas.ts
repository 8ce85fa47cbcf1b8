// Contract schemas for the audit log: a line as History shows it, the query over it, the chain check.
import { z } from 'zod';
import { AUDIT_EVENTS } from '../domain';
import { Id, Millis, Name } from './primitives';
import { Operation, RequestState, SourceKind } from './request-schemas';

export const AuditEntry = z.object({
  requestId: Id,
  /** A request's life is several lines: arrived, decided, settled, result. */
  event: z.enum(AUDIT_EVENTS),
  at: Millis,
  source: z.object({ kind: SourceKind, endpoint: z.string(), requester: z.string().nullable(), verified: z.boolean() }),
  /** The contact's name when the requester was a verified, named key. */
  contactName: z.string().nullable(),
  keyspace: z.string(),
  keypair: z.string(),
  operation: Operation,
  state: RequestState,
  reason: z.string().nullable(),
  decidedBy: z.string().nullable(),
  payloadSha256: z.string(),
  payloadSize: z.number().int().nonnegative(),
  signature: z.string().nullable(),
  createdAt: Millis,
  decidedAt: Millis.nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
export const AuditQuery = z.object({
  requester: z.string().max(256).optional(),
  /** A contact's name: the requests its key signed. */
  contact: Name.optional(),
  keypair: z.string().max(256).optional(),
  state: RequestState.optional(),
  from: Millis.optional(),
  to: Millis.optional(),
  text: z.string().max(256).optional(),
  /** Which lines: 'settled' (one per finished request) unless asked otherwise; 'all' for every line. */
  event: z.enum([...AUDIT_EVENTS, 'all']).optional(),
  limit: z.number().int().min(1).max(10_000).default(500),
  offset: z.number().int().nonnegative().default(0),
});
export type AuditQuery = z.input<typeof AuditQuery>;

/** The audit log's chain check as History shows it: verified, or the first break (never any key material but the public key). */
export const AuditVerification = z.object({
  ok: z.boolean(),
  /** Chained lines checked. */
  entries: z.number().int().nonnegative(),
  /** SHA-256 of the newest line, or null for an empty log. */
  head: z.string().nullable(),
  /** Seq of the line the newest checkpoint signs, or null when none is signed yet. */
  signedSeq: z.number().int().nullable(),
  /** Lines written since that checkpoint (the running wallet signs them on its next checkpoint). */
  unsignedTail: z.number().int().nonnegative(),
  /** Short fingerprint of the audit public key. */
  keyFingerprint: z.string().nullable(),
  break: z
    .object({ file: z.string(), line: z.number().int(), seq: z.number().int().nullable(), problem: z.string() })
    .nullable(),
  notes: z.array(z.string()),
});
export type AuditVerification = z.infer<typeof AuditVerification>;
