// WalletError, the one error the core throws on purpose, and how anything thrown becomes a safe {code, message}.
import type { ErrorCode } from './domain';

export type { ErrorCode } from './domain';

/** Facts about a failure a program can act on (a wait in ms, a field's index), so nobody parses prose. */
export type ErrorDetails = Readonly<Record<string, string | number | boolean>>;

/** An error whose message and details are safe to show a user: they never carry secrets. */
export class WalletError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = 'WalletError';
  }
}

/** Maps anything thrown to {code, message, details?}; unknown errors become 'internal' without leaking their text. */
export function toErrorPayload(e: unknown): { code: ErrorCode; message: string; details?: ErrorDetails } {
  if (e instanceof WalletError) {
    return e.details ? { code: e.code, message: e.message, details: e.details } : { code: e.code, message: e.message };
  }
  return { code: 'internal', message: 'internal error' };
}
