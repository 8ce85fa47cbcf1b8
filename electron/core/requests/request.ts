// A request's vocabulary and shape: sources, operations, states, the parsed input, the live record and its outcome.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  KEY_MANAGEMENT_KINDS,
  type KeyManagementKind,
  OPERATIONS,
  type Operation,
  type RequestState,
  SOURCE_KINDS,
} from '../../../shared/domain';
import { type ErrorCode, WalletError } from '../../../shared/errors';
import { hasProofPrefix } from '../../../shared/sigsocket/proof';
import { issueWithPath } from '../../../shared/zod-issue';
import { type PayloadPreview, sha256Hex } from './preview';

export const requestSourceSchema = z.strictObject({
  kind: z.enum(SOURCE_KINDS),
  /** The server URL, NATS subject or local surface the request came through. */
  endpoint: z.string().min(1).max(512),
  /** Who asks, when the source knows; a claim unless `verified`. */
  requester: z.string().min(1).max(256).optional(),
  verified: z.boolean(),
  /** A display name the requester claims for itself: never proof; contacts flag one that belongs to another key. */
  claimedName: z.string().min(1).max(64).optional(),
  /** The source's own id for the request; with kind+endpoint it is the dedupe key. */
  sourceRequestId: z.string().min(1).max(256).optional(),
});
export type RequestSource = z.infer<typeof requestSourceSchema>;

export const requestTargetSchema = z.strictObject({
  keyspace: z.string().min(1).max(128),
  /** Public key hex or keypair name; empty only for key management that targets no keypair. */
  keypair: z.string().max(256),
});
export type RequestTarget = z.infer<typeof requestTargetSchema>;

/** What a script request carries besides its bytes: enough to show, match and confine it. */
export const scriptSchema = z.strictObject({
  text: z.string().max(262_144),
  calls: z.array(z.string().max(128)).max(256),
  keyspaces: z.array(z.string().min(1).max(128)).max(256),
  keyManagement: z.array(z.enum(KEY_MANAGEMENT_KINDS)).max(KEY_MANAGEMENT_KINDS.length),
});
export type ScriptInfo = z.infer<typeof scriptSchema>;

/** The shape of submit()'s input. The rules between fields are checked by parseRequestInput (crossFieldProblem). */
export const requestInputSchema = z.strictObject({
  source: requestSourceSchema,
  target: requestTargetSchema,
  operation: z.enum(OPERATIONS),
  keyManagement: z.enum(KEY_MANAGEMENT_KINDS).optional(),
  /** Any Uint8Array (Buffer included); copied on arrival. */
  payload: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'payload must be bytes (a Uint8Array)'),
  /**
   * For 'script': the text, the wallet functions it calls, every keyspace it can touch and the key
   * management it performs, as the NATS module found them before asking. Policies match on these.
   */
  script: scriptSchema.optional(),
  /** A requester may shorten the expiry, never lengthen it past the source kind's limit. */
  expiresInMs: z.number().int().positive().optional(),
});
export type RequestInput = z.input<typeof requestInputSchema>;

/** How a request ended, as the submitter receives it. Never rejects: every end is a value. */
export type Outcome =
  | { status: 'signed'; id: string; signature: Uint8Array; signatureHex: string; decidedBy: string }
  /**
   * Released to its submitter. `password` is what the user typed at approval time for this one
   * request: only this outcome carries it, replays of the request never do.
   */
  | { status: 'approved'; id: string; decidedBy: string; password?: string }
  | { status: 'rejected'; id: string; code: 'rejected'; reason: string; decidedBy: string }
  | { status: 'expired'; id: string; code: 'expired'; reason: string }
  | { status: 'failed'; id: string; code: ErrorCode; reason: string };

/** What submit() hands back at once: the id to track and the one outcome promise per request. */
export interface Submission {
  id: string;
  /** True when this was a replay of a request already known; the outcome is the original's. */
  duplicate: boolean;
  outcome: Promise<Outcome>;
}

/**
 * A live request as in-process observers (the CLI approver, the NATS service) see it: the preview,
 * never the raw payload. The GUI and IPC get the contract's PendingRequestView (request-view.ts).
 */
export interface RequestSnapshot {
  id: string;
  source: RequestSource;
  /** The label policies and batch actions use: the requester if known, else the endpoint. */
  requester: string;
  target: RequestTarget;
  operation: Operation;
  keyManagement?: KeyManagementKind;
  preview: PayloadPreview;
  script?: ScriptInfo;
  state: 'pending' | 'approved';
  unlockNeeded: boolean;
  decidedBy?: string;
  createdAt: number;
  expiresAt: number;
}

/** What the audit log keeps of a request: no secrets, no payload body beyond its size and hash. */
export interface RequestSummary {
  source: RequestSource;
  target: RequestTarget;
  operation: Operation;
  keyManagement?: KeyManagementKind;
  payload: { size: number; sha256: string };
  script?: { sha256: string; calls: string[]; keyspaces: string[]; keyManagement: KeyManagementKind[] };
  createdAt: number;
  expiresAt: number;
}

/** A live request inside the queue. */
export interface QueuedRequest {
  id: string;
  source: RequestSource;
  requester: string;
  target: RequestTarget;
  operation: Operation;
  keyManagement?: KeyManagementKind;
  /** A private copy: the submitter mutating its buffer later cannot change what gets signed. */
  payload: Uint8Array;
  script?: ScriptInfo;
  /** Set while the request waits for a decision: whose per-requester pending cap it counts against. */
  pendingKey?: string;
  /** Typed by the user at approval time for this request only; handed over on release, then dropped. */
  password?: string;
  payloadSha256: string;
  /** Rendered on first view: requests a policy settles at arrival are never rendered. */
  preview?: PayloadPreview;
  summary: RequestSummary;
  /** The summary serialised once, for the audit lines. */
  summaryJson: string;
  dedupeKey?: string;
  createdAt: number;
  expiresAt: number;
  state: RequestState;
  unlockNeeded: boolean;
  signing: boolean;
  decidedBy?: string;
  decidedAt?: number;
  decisionLogged?: boolean;
  lockRetries?: number;
  signStartedAt?: number;
  outcome: Promise<Outcome>;
  resolve: (outcome: Outcome) => void;
  cancelTimer?: () => void;
}

/** Parses submit() input; anything malformed becomes WalletError 'bad_input' naming the field. */
export function parseRequestInput(input: unknown, maxPayloadBytes: number): z.output<typeof requestInputSchema> {
  const parsed = requestInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new WalletError('bad_input', `invalid request: ${issueWithPath(parsed.error)}`);
  }
  const problem = crossFieldProblem(parsed.data);
  if (problem) throw new WalletError('bad_input', `invalid request: ${problem}`);
  if (parsed.data.payload.length > maxPayloadBytes) {
    throw new WalletError('bad_input', `payload too large: ${parsed.data.payload.length} > ${maxPayloadBytes} bytes`);
  }
  // A signed proof challenge must never be obtainable through an approval, whatever the source.
  if (hasProofPrefix(parsed.data.payload)) {
    throw new WalletError('bad_input', 'invalid request: the payload starts with the SigSocket proof prefix');
  }
  return parsed.data;
}

/**
 * The rules between fields, checked in plain code after the schema: a zod refinement here cost more
 * than the rest of the parse, on the path every request takes.
 */
function crossFieldProblem(r: z.output<typeof requestInputSchema>): string | null {
  if ((r.operation === 'key_management') !== (r.keyManagement !== undefined)) {
    return 'keyManagement is required for, and only for, operation key_management';
  }
  if ((r.operation === 'script') !== (r.script !== undefined))
    return 'script is required for, and only for, operation script';
  if (r.operation !== 'key_management' && r.target.keypair === '') return 'target.keypair is required';
  return null;
}

/** The name shown and grouped on: the requester if the source gave one (verified or not), else the endpoint. */
export function requesterLabel(source: RequestSource): string {
  return source.requester ?? source.endpoint;
}

/** Same source kind + endpoint + source request id means the same request, replayed. */
export function dedupeKeyOf(source: RequestSource): string | undefined {
  if (source.sourceRequestId === undefined) return undefined;
  // NUL cannot be confused with content: kind is an enum, and the separator keeps the parts apart.
  return `${source.kind}\u0000${source.endpoint.length}\u0000${source.endpoint}\u0000${source.sourceRequestId}`;
}

/** A replay must carry the same bytes, target and operation; otherwise the source reused an id. */
export function sameRequest(
  known: RequestSummary,
  input: z.output<typeof requestInputSchema>,
  payloadSha256: string,
): boolean {
  return (
    known.payload.sha256 === payloadSha256 &&
    known.target.keyspace === input.target.keyspace &&
    known.target.keypair === input.target.keypair &&
    known.operation === input.operation &&
    known.keyManagement === input.keyManagement
  );
}

/** Builds the live request: fresh unguessable id, private payload copy, its hash. */
export function createRequest(
  input: z.output<typeof requestInputSchema>,
  createdAt: number,
  expiresAt: number,
  dedupeKey?: string,
): QueuedRequest {
  const payload = new Uint8Array(input.payload);
  const sha256 = sha256Hex(payload);
  let resolve!: (outcome: Outcome) => void;
  const outcome = new Promise<Outcome>((r) => {
    resolve = r;
  });
  // zod's output is already a fresh object graph, so source and target are shared, not copied again.
  const { source, target, operation, keyManagement } = input;
  const script = input.script ? { ...input.script } : undefined;
  const summary: RequestSummary = {
    source,
    target,
    operation,
    payload: { size: payload.length, sha256 },
    createdAt,
    expiresAt,
  };
  if (keyManagement) summary.keyManagement = keyManagement;
  if (script) {
    const { calls, keyspaces, keyManagement } = script;
    summary.script = { sha256: sha256Hex(Buffer.from(script.text)), calls, keyspaces, keyManagement };
  }
  return {
    id: randomUUID(),
    source,
    requester: requesterLabel(source),
    target,
    operation,
    keyManagement,
    payload,
    script,
    payloadSha256: sha256,
    summary,
    summaryJson: JSON.stringify(summary),
    dedupeKey,
    createdAt,
    expiresAt,
    state: 'pending',
    unlockNeeded: false,
    signing: false,
    outcome,
    resolve,
  };
}
