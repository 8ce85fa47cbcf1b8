/** openCore: secret store, settings, vault, approval queue, contacts and seen keys, composed once from a data dir. */
import { openAuditKeys } from '../audit-chain';
import { ContactBook, SeenKeys } from '../contacts';
import { type RateLimitOptions, RequestQueue } from '../requests';
import { SettingsStore } from '../settings/settings-store';
import { createSecretStore, type KdfParams, type SecretStore, type SecretStoreKind, Vault } from '../vault';

export interface CoreOptions {
  dataDir: string;
  secretStore: SecretStoreKind;
  /** Keychain service name (tests use a unique one); default from WALLET_KEYCHAIN_SERVICE. */
  keychainService?: string;
  /** Only tests lower the KDF cost; the app and the CLI always use the vault's defaults. */
  kdf?: Partial<KdfParams>;
  /** Idle auto-lock in ms, 0 for none; by default the user's setting (autoLockMinutes). */
  autoLockMs?: number;
  /** One lifetime for requests from every source, instead of the per-source defaults (demos, tests). */
  requestExpiryMs?: number;
  /** The queue's admission rate per source; the queue's default when absent. */
  rateLimit?: RateLimitOptions;
  /** The budget of verified requesters whose request a policy rule allows; the queue's default when absent. */
  allowedRateLimit?: RateLimitOptions;
  /** Damaged-file notes from the queue and the contacts; the queue's own default when absent. */
  warn?: (message: string) => void;
}

/** The parts every front end (desktop app, browser host, crypto-cli) drives; each front end adds its own connections. */
export interface Core {
  dataDir: string;
  secrets: SecretStore;
  settings: SettingsStore;
  vault: Vault;
  queue: RequestQueue;
  contacts: ContactBook;
  /** Requester keys seen before; every verified requester the queue takes in is recorded. */
  seen: SeenKeys;
  /** Settles what still waits (expired), saves contacts and seen keys, and locks every keyspace. */
  close(): Promise<void>;
}

export async function openCore(opts: CoreOptions): Promise<Core> {
  const { dataDir, warn } = opts;
  const secrets = await createSecretStore({ kind: opts.secretStore, service: opts.keychainService, dataDir });
  const settings = await SettingsStore.open(dataDir);
  const vault = await Vault.open({
    dataDir,
    secretStore: secrets,
    kdf: opts.kdf,
    autoLockMs: opts.autoLockMs ?? settings.settings.autoLockMinutes * 60_000,
  });
  const expiry = opts.requestExpiryMs;
  const queue = await RequestQueue.open({
    dataDir,
    signer: vault,
    audit: { keys: await openAuditKeys(secrets) },
    warn,
    rateLimit: opts.rateLimit,
    allowedRateLimit: opts.allowedRateLimit,
    expiryMs: expiry ? { sigsocket: expiry, nats: expiry, local: expiry } : undefined,
  });
  const contacts = await ContactBook.open(dataDir, warn);
  const seen = await SeenKeys.open(dataDir, warn);
  const stopSeen = seen.track(queue);
  return {
    dataDir,
    secrets,
    settings,
    vault,
    queue,
    contacts,
    seen,
    async close() {
      await Promise.allSettled([queue.close(), contacts.flush()]);
      stopSeen();
      await seen.flush();
      vault.close();
    },
  };
}
