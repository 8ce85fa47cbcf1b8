/**
 * Error codes every layer shares: the core throws WalletError with one of these, the IPC binding,
 * the browser host, the CLI and the NATS/SigSocket replies all pass the code through unchanged.
 */
export const ERROR_CODES = [
  'bad_input', // failed a schema or a format check
  'not_found', // no such keyspace, keypair, request, policy…
  'exists', // a name already taken
  'wrong_password', // always this, never which part failed
  'retry_later', // backoff after repeated wrong passwords
  'locked', // the keyspace must be unlocked first
  'no_keychain', // no OS keychain (Secret Service…) reachable
  'corrupt', // a stored blob failed to decode or authenticate
  'rate_limited',
  'queue_full',
  'rejected',
  'expired',
  'timeout',
  'forbidden', // a sender, origin or token that is not allowed
  'unknown_channel',
  'unavailable', // a dependency (server, connection) is not there
  'script_error',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

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

/** Maps anything thrown to {code, message}; unknown errors become 'internal' without leaking their text. */
export function toErrorPayload(e: unknown): { code: ErrorCode; message: string } {
  if (e instanceof WalletError) return { code: e.code, message: e.message };
  return { code: 'internal', message: 'internal error' };
}
