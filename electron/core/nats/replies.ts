/**
 * Reply shapes. Scripts are answered with text, JSON operations with JSON; errors carry the ADR-32
 * headers `Nats-Service-Error` / `Nats-Service-Error-Code` so any NATS micro-service client sees them,
 * plus `Wallet-Error-Code` with the wallet's own code for callers that want to branch on it.
 */
import { type ErrorCode, toErrorPayload, WalletError } from '../../../shared/errors';
import { ScriptError, type ScriptErrorCode } from './script/errors';

export const SERVICE_ERROR_HEADER = 'Nats-Service-Error';
export const SERVICE_ERROR_CODE_HEADER = 'Nats-Service-Error-Code';
export const WALLET_ERROR_CODE_HEADER = 'Wallet-Error-Code';

export interface Reply {
  data: Uint8Array;
  headers: Record<string, string>;
  /** Set on error replies; the micro-service endpoints report it through respondError. */
  error?: { status: number; message: string; code: string };
}

/** Whether a payload is answered as a script (text) or as a JSON operation. */
export type ReplyFormat = 'script' | 'json';

/** HTTP-like status numbers for Nats-Service-Error-Code, as ADR-32 suggests. */
const STATUS: Record<ErrorCode, number> = {
  bad_input: 400,
  wrong_password: 401,
  forbidden: 403,
  rejected: 403,
  not_found: 404,
  unknown_channel: 404,
  timeout: 408,
  expired: 408,
  exists: 409,
  locked: 423,
  script_error: 422,
  rate_limited: 429,
  retry_later: 429,
  internal: 500,
  corrupt: 500,
  unavailable: 503,
  queue_full: 503,
  no_keychain: 503,
};

/** Script failures the requester caused get 4xx; only a failing wallet function is the wallet's problem. */
const SCRIPT_STATUS: Record<ScriptErrorCode, number> = {
  too_large: 413,
  parse_error: 400,
  unknown_function: 400,
  type_error: 400,
  runtime_error: 422,
  step_limit: 422,
  output_limit: 422,
  timeout: 408,
  aborted: 503,
  host_error: 500,
};

/** A plain-text success reply. */
export function textReply(text: string): Reply {
  return { data: new TextEncoder().encode(text), headers: {} };
}

/** A JSON success reply. */
export function jsonReply(value: unknown): Reply {
  return { data: new TextEncoder().encode(JSON.stringify(value)), headers: {} };
}

/** The one way any failure becomes a reply, in the format the request came in. */
export function errorReply(format: ReplyFormat, e: unknown): Reply {
  const { code, status, message } = classify(e);
  const data = format === 'json' ? JSON.stringify({ error: { code, message } }) : `Error: ${message}`;
  return {
    data: new TextEncoder().encode(data),
    headers: {
      [SERVICE_ERROR_HEADER]: headerSafe(message),
      [SERVICE_ERROR_CODE_HEADER]: String(status),
      [WALLET_ERROR_CODE_HEADER]: code,
    },
    error: { status, message, code },
  };
}

// ## Helpers

/** Wallet errors keep their code; script errors keep theirs; anything else is 'internal' with no detail leaked. */
function classify(e: unknown): { code: string; status: number; message: string } {
  if (e instanceof ScriptError) {
    const cause = (e as { cause?: unknown }).cause;
    if (e.code === 'host_error' && cause instanceof WalletError) {
      return { code: cause.code, status: STATUS[cause.code], message: e.message };
    }
    return { code: e.code, status: SCRIPT_STATUS[e.code] ?? 422, message: e.message };
  }
  const { code, message } = toErrorPayload(e);
  return { code, status: STATUS[code], message };
}

/** Header values are one line of printable text; long messages are cut (the body keeps the whole message). */
function headerSafe(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters would break the header block
  const line = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return line.length > 512 ? `${line.slice(0, 509)}...` : line;
}
