// Contract schemas for the approval queue: a pending request as the GUI shows it, and the policies.
import { z } from 'zod';
import { OPERATIONS, POLICY_EFFECTS, REQUEST_STATES, SOURCE_KINDS } from '../domain';
import { RequesterCheck } from './contact-schemas';
import { Id, Millis, Name } from './primitives';

export const RequestState = z.enum(REQUEST_STATES);
export const SourceKind = z.enum(SOURCE_KINDS);
export const Operation = z.enum(OPERATIONS);
/** The warning every bare 32-byte payload carries, word for word: the core writes it, the GUI finds it by equality. */
export const OPAQUE_32_WARNING =
  'Opaque 32-byte payload: probably a hash. The wallet cannot show what it commits to; approve only if you know what produced it.';
export const Preview = z.object({
  kind: z.enum(['text', 'json', 'hex']),
  /** The decoded payload for display; cut at a display limit (see `truncated`). */
  text: z.string(),
  truncated: z.boolean(),
  size: z.number().int().nonnegative(),
  sha256: z.string(),
  /** A bare 32-byte payload may be the hash of anything: the UI warns. */
  opaqueWarning: z.boolean(),
  /** Every warning the core found (opaque payload, invisible or direction-changing characters…). */
  warnings: z.array(z.string()),
});

export const PendingRequestView = z.object({
  id: Id,
  source: z.object({
    kind: SourceKind,
    endpoint: z.string(),
    requester: z.string().nullable(),
    verified: z.boolean(),
    /** What batch actions and policies key on: the requester if known, else the endpoint. */
    label: z.string(),
  }),
  target: z.object({ keyspace: z.string(), keypair: z.string(), keypairName: z.string().nullable() }),
  /** NATS requesters only: new, known by name, or claiming a name that belongs to another key. */
  contact: RequesterCheck.nullable(),
  operation: Operation,
  /** For key management: which action; for scripts: the wallet functions the script calls. */
  detail: z.string().nullable(),
  /** A script's text, the wallet functions it calls, the keyspaces it can touch and its key management. */
  script: z
    .object({
      source: z.string(),
      functions: z.array(z.string()),
      keyspaces: z.array(z.string()),
      keyManagement: z.array(z.string()),
    })
    .nullable(),
  /** Whether "allow for a while" is offered, and one line saying why not or what it would cover. */
  grant: z.object({ offered: z.boolean(), note: z.string() }),
  preview: Preview,
  state: RequestState,
  unlockNeeded: z.boolean(),
  createdAt: Millis,
  expiresAt: Millis,
});
export type PendingRequestView = z.infer<typeof PendingRequestView>;

export const PolicyView = z.object({
  id: Id,
  /** '*' matches any. */
  source: z.string(),
  requester: z.string(),
  /** The contact's name when `requester` is a named key. */
  contactName: z.string().nullable(),
  keyspace: z.string(),
  keypair: z.string(),
  operation: z.string(),
  decision: z.enum(POLICY_EFFECTS),
  label: z.string().nullable(),
  expiresAt: Millis.nullable(),
  usesLeft: z.number().int().nonnegative().nullable(),
  untilLock: z.boolean(),
  createdAt: Millis,
});
export type PolicyView = z.infer<typeof PolicyView>;
/**
 * A rule the user writes for one named requester (Settings → Policies): its verified key, in one
 * keyspace or any, for one operation; never key management. No lifetime means until revoked.
 */
export const ContactPolicyInput = z.object({
  contact: Name,
  keyspace: z.string().min(1).max(128),
  operation: z.enum(['sign', 'script', 'read_public']),
  decision: z.enum(POLICY_EFFECTS),
  minutes: z.number().int().positive().max(525_600).nullable().default(null),
  untilLock: z.boolean().default(false),
});
export type ContactPolicyInput = z.input<typeof ContactPolicyInput>;
