/**
 * The JSON operations: `{"op":"sign"|"public_key"|"list_keypairs"|"verify", …}`. Each is parsed with
 * a strict schema (a misspelt field is an error, not silently ignored); `sign` goes through the
 * approval queue like every other signing request, naming its key by public key; the others only
 * read public data, which an unverified requester gets only where a policy allows it.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { base64 } from '@scure/base';
import { z } from 'zod';
import { WalletError } from '../../../shared/errors';
import { issueWithPath } from '../../../shared/zod-issue';
import type { Outcome, RequestSource } from '../requests/request';
import type { KeypairInfo } from '../vault/types';
import { verifySignature } from '../vault/verify';
import type { QueuePort, VaultPort } from './ports';

export const JSON_OPS = ['sign', 'public_key', 'list_keypairs', 'verify'] as const;
export type JsonOpName = (typeof JSON_OPS)[number];

/** The largest message a `sign` or `verify` may carry, decoded; NATS's own default payload limit is 1 MiB. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

const name = z.string().min(1).max(256);
const common = {
  /** Defaults to the listener's current keyspace (`--keyspace`). */
  keyspace: name.optional(),
  /** The caller's own id: a retry with the same id gets the first answer. */
  id: z.string().min(1).max(128).optional(),
};
const message = {
  message: z.string().max(MAX_MESSAGE_BYTES).optional(),
  message_b64: z
    .string()
    .max(Math.ceil(MAX_MESSAGE_BYTES / 3) * 4)
    .optional(),
};
const hexSignature = z.string().regex(/^(0x)?([0-9a-fA-F]{2}){8,80}$/, 'expected a hex signature');
const hexKey = z.string().regex(/^(0x)?([0-9a-fA-F]{2}){32,65}$/, 'expected a hex public key');

export const jsonOpSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('sign'), ...common, keypair: name, ...message }),
  z.strictObject({ op: z.literal('public_key'), ...common, keypair: name }),
  z.strictObject({ op: z.literal('list_keypairs'), ...common }),
  z.strictObject({
    op: z.literal('verify'),
    ...common,
    keypair: name.optional(),
    public_key: hexKey.optional(),
    ...message,
    signature: hexSignature,
  }),
]);
export type JsonOp = z.output<typeof jsonOpSchema>;

/** What a JSON operation runs against. */
export interface OpContext {
  vault: VaultPort;
  queue: QueuePort;
  source: RequestSource;
  /** The listener's current keyspace, used when the op names none. */
  defaultKeyspace: string | null;
  /** Throws 'forbidden' unless this requester may read keypair names and public keys here. */
  checkPublicRead(keyspace: string, keypair: string): void;
}

/** Parses a JSON op; errors name the field and what was expected. */
export function parseJsonOp(value: unknown, endpoint?: JsonOpName): JsonOp {
  const withOp = endpoint && isPlainObject(value) && value.op === undefined ? { ...value, op: endpoint } : value;
  if (isPlainObject(withOp) && typeof withOp.op === 'string' && !(JSON_OPS as readonly string[]).includes(withOp.op)) {
    throw new WalletError(
      'bad_input',
      `unknown op "${withOp.op.slice(0, 64)}": expected one of ${JSON_OPS.join(', ')}`,
    );
  }
  const parsed = jsonOpSchema.safeParse(withOp);
  if (!parsed.success) {
    throw new WalletError('bad_input', `invalid request: ${issueWithPath(parsed.error)}`);
  }
  if (endpoint && parsed.data.op !== endpoint) {
    throw new WalletError('bad_input', `op "${parsed.data.op}" sent to the ${endpoint} endpoint`);
  }
  return parsed.data;
}

/** Runs one JSON op and returns the reply object. */
export async function runJsonOp(op: JsonOp, ctx: OpContext): Promise<Record<string, unknown>> {
  const keyspace = () => {
    const ks = op.keyspace ?? ctx.defaultKeyspace;
    if (!ks) throw new WalletError('bad_input', 'no keyspace: name one, or start the listener with --keyspace');
    return ks;
  };
  switch (op.op) {
    case 'list_keypairs': {
      const ks = keyspace();
      ctx.checkPublicRead(ks, '*');
      requireKeyspace(ctx.vault, ks);
      return { keyspace: ks, keypairs: ctx.vault.listKeypairs(ks).map(keypairJson) };
    }
    case 'public_key': {
      const ks = keyspace();
      ctx.checkPublicRead(ks, op.keypair);
      return { keyspace: ks, ...keypairJson(requireKeypair(ctx.vault, ks, op.keypair)) };
    }
    case 'verify': {
      if ((op.keypair === undefined) === (op.public_key === undefined)) {
        throw new WalletError('bad_input', 'give exactly one of "keypair" or "public_key" to verify against');
      }
      if (op.keypair !== undefined) ctx.checkPublicRead(keyspace(), op.keypair);
      const publicKey =
        op.public_key?.replace(/^0x/, '').toLowerCase() ??
        requireKeypair(ctx.vault, keyspace(), op.keypair as string).publicKey;
      const valid = verifySignature(publicKey, messageBytes(op), hexToBytes(op.signature.replace(/^0x/, '')));
      return { valid, public_key: publicKey };
    }
    case 'sign':
      return sign(op, keyspace(), ctx);
  }
}

// ## sign

/** One queue submission; a signed outcome becomes `{public_key, signature}` like `crypto-cli sign --json`. */
async function sign(
  op: Extract<JsonOp, { op: 'sign' }>,
  keyspace: string,
  ctx: OpContext,
): Promise<Record<string, unknown>> {
  const payload = messageBytes(op);
  const kp = requireKeypair(ctx.vault, keyspace, op.keypair);
  const submission = ctx.queue.submit({
    source: ctx.source,
    target: { keyspace, keypair: kp.publicKey },
    operation: 'sign',
    payload: new Uint8Array(payload),
  });
  const outcome = await submission.outcome;
  if (outcome.status !== 'signed') throw outcomeError(outcome);
  return { public_key: kp.publicKey, signature: outcome.signatureHex };
}

/** A request that did not end signed, as the error the requester sees. */
export function outcomeError(outcome: Outcome): WalletError {
  switch (outcome.status) {
    case 'rejected':
      return new WalletError('rejected', `request rejected: ${outcome.reason}`);
    case 'expired':
      return new WalletError('expired', `request expired: ${outcome.reason}`);
    case 'failed':
      return new WalletError(outcome.code, outcome.reason);
    default:
      return new WalletError('internal', `unexpected outcome ${outcome.status}`);
  }
}

// ## Helpers

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Exactly one of `message` (UTF-8 text) or `message_b64` (raw bytes, standard base64). */
function messageBytes(op: { message?: string; message_b64?: string }): Uint8Array {
  if ((op.message === undefined) === (op.message_b64 === undefined)) {
    throw new WalletError('bad_input', 'give exactly one of "message" (UTF-8 text) or "message_b64" (base64 bytes)');
  }
  if (op.message !== undefined) return new TextEncoder().encode(op.message);
  try {
    return base64.decode(op.message_b64 as string);
  } catch {
    throw new WalletError('bad_input', 'message_b64 is not valid base64');
  }
}

function requireKeyspace(vault: VaultPort, keyspace: string): void {
  if (!vault.hasKeyspace(keyspace)) {
    throw new WalletError('not_found', `no keyspace named "${keyspace}"`);
  }
}

/** The keypair by name or public key; unknown keyspace and unknown keypair are told apart. */
function requireKeypair(vault: VaultPort, keyspace: string, keypair: string): KeypairInfo {
  requireKeyspace(vault, keyspace);
  const kp = vault.findKeypair(keyspace, keypair);
  if (!kp) throw new WalletError('not_found', `no keypair "${keypair}" in keyspace "${keyspace}"`);
  return kp;
}

function keypairJson(kp: KeypairInfo): Record<string, unknown> {
  return { name: kp.name, type: kp.type, public_key: kp.publicKey, path: kp.path };
}
