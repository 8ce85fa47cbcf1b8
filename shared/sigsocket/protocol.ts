// The SigSocket wire vocabulary: dialects, the zod schemas of every JSON frame, and the HTTP API bodies.
import { z } from 'zod';

import type { Dialect, DialectSetting } from '../domain';

export { DIALECT_SETTINGS, DIALECTS, type Dialect, type DialectSetting } from '../domain';

/** `auto` resolves to the typed-JSON dialect: it is the only one with rejection and pending frames. */
export function resolveDialect(setting: DialectSetting): Dialect {
  return setting === 'auto' ? 'json' : setting;
}

/** WebSocket close codes the server sends, and what each means to a wallet. */
export const CLOSE_CODES = {
  /** The server is shutting down; come back later. */
  shutdown: 1001,
  /** The first frame was not a valid introduction; sending the same one again cannot help. */
  badIntroduction: 1008,
  /** A frame over the size limit. */
  tooLarge: 1009,
  /** Another connection proved the same key and took over. */
  replaced: 4001,
  /** The proof of key possession failed or came too late. */
  proofFailed: 4003,
} as const;

/** Request ids are opaque to the wallet; bounded so a hostile server cannot grow its memory. */
export const MAX_REQUEST_ID_CHARS = 200;
/** Rejection reasons are shown to humans; longer ones are cut, never refused. */
export const MAX_REASON_CHARS = 500;

const requestId = z.string().min(1).max(MAX_REQUEST_ID_CHARS);
const b64 = z.string();

// ## Typed-JSON dialect (`json`)

export const TypedIntroductionSchema = z.object({ type: z.literal('introduction'), public_key: z.string() });
export const TypedSignRequestSchema = z.object({
  type: z.literal('sign_request'),
  request_id: requestId,
  message: b64,
});
export const TypedSignResponseSchema = z.object({
  type: z.literal('sign_response'),
  request_id: requestId,
  message: b64,
  signature: b64,
});
/** Our extension: the user rejected, or the request expired; lets the server fail fast. */
export const TypedSignRejectedSchema = z.object({
  type: z.literal('sign_rejected'),
  request_id: requestId,
  reason: z.string().optional(),
});
/** Our extension: the request reached the wallet and waits for the user. */
export const TypedPendingSchema = z.object({ type: z.literal('pending'), request_id: requestId });

// ## Id-JSON dialect (`id-json`)

export const IdSignRequestSchema = z.object({ id: requestId, message: b64 });
export const IdSignResponseSchema = z.object({ id: requestId, message: b64, signature: b64 });

// ## HTTP API

/** POST /sign body. */
export const SignBodySchema = z.object({ public_key: z.string().max(200), message: z.string() });

/** The outcome of a decoder: a value, or a reason that never quotes the input (logs must not carry bodies). */
export type Decoded<T> = { ok: true; value: T } | { ok: false; error: string };

/** A failed decode, with a fixed reason. */
export function fail<T>(error: string): Decoded<T> {
  return { ok: false, error };
}

/** Parses JSON text into an object, or null; never throws. */
export function parseJsonObject(text: string): Record<string, unknown> | null {
  if (text.length === 0 || text[0] !== '{') return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** A zod failure as "field: code" only, so the reason never echoes what was received. */
export function describeIssues(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid frame';
  const path = issue.path.length > 0 ? issue.path.join('.') : 'frame';
  return `invalid ${path} (${issue.code})`;
}
