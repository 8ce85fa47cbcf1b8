// The wallet's vocabulary, each list once: the core's types and the IPC contract's schemas both derive from these.

// ## Requests
/** Where a signing request came from. */
export const SOURCE_KINDS = ['sigsocket', 'nats', 'local'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** What a request asks the wallet to do. */
export const OPERATIONS = ['sign', 'script', 'key_management'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** The key management a script or a JSON operation may ask for; each needs the user's approval. */
export const KEY_MANAGEMENT_KINDS = [
  'create_keyspace',
  'create_keypair',
  'import_keypair',
  'delete_keypair',
  'delete_keyspace',
  'reveal_mnemonic',
  'change_password',
] as const;
export type KeyManagementKind = (typeof KEY_MANAGEMENT_KINDS)[number];

/** A request's life: pending until decided, then one of the terminal states (approved releases it to its submitter). */
export const REQUEST_STATES = ['pending', 'approved', 'signed', 'rejected', 'expired', 'failed'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/**
 * Audit log lines: 'arrived' opens a request, exactly one 'settled' closes it, 'decided' records an
 * approval that waits for an unlock, 'result' a script's result after release.
 */
export const AUDIT_EVENTS = ['arrived', 'decided', 'settled', 'result'] as const;
export type AuditEvent = (typeof AUDIT_EVENTS)[number];

/** What a policy rule does with the requests it covers. */
export const POLICY_EFFECTS = ['allow', 'deny', 'ask'] as const;
export type PolicyEffect = (typeof POLICY_EFFECTS)[number];

/** How a terminal listener (crypto-cli listen/connect) decides: prompt, approve everything, or policies only. */
export const APPROVE_MODES = ['ask', 'auto', 'policy'] as const;
export type ApproveMode = (typeof APPROVE_MODES)[number];

// ## Keys and secrets
/** The two key types a keyspace holds. */
export const KEY_TYPES = ['secp256k1', 'ed25519'] as const;
export type KeyType = (typeof KEY_TYPES)[number];

/** Where encrypted secrets live: the OS keychain, or the opt-in file store. */
export const SECRET_STORE_KINDS = ['keychain', 'file'] as const;
export type SecretStoreKind = (typeof SECRET_STORE_KINDS)[number];

// ## Connections
/** The three published SigSocket dialects. `plain` and `id-json` share the plain-hex introduction. */
export const DIALECTS = ['plain', 'json', 'id-json'] as const;
export type Dialect = (typeof DIALECTS)[number];

/** What a wallet connection is configured with; `auto` means `json`. */
export const DIALECT_SETTINGS = ['auto', ...DIALECTS] as const;
export type DialectSetting = (typeof DIALECT_SETTINGS)[number];

// ## Errors
/**
 * Error codes every layer shares: the core throws WalletError with one of these, the IPC binding,
 * the browser host, the CLI and the NATS/SigSocket replies all pass the code through unchanged.
 */
export const ERROR_CODES = [
  'bad_input', // failed a schema or a format check, or any other input the user can correct
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
