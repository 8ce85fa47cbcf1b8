// The keyring backend: the four keychain operations the keychain store needs, over @napi-rs/keyring.
import { AsyncEntry, type EntryOptions, findCredentialsAsync } from '@napi-rs/keyring';
import { WalletError } from '../../../shared/errors';

/** The four keychain operations the chunked store needs; tests substitute an in-memory one. */
export interface KeyringBackend {
  readonly description: string;
  get(account: string): Promise<string | null>;
  set(account: string, value: string): Promise<void>;
  delete(account: string): Promise<void>;
  /** Every account under this service (with values). */
  list(): Promise<Array<{ account: string; value: string }>>;
}

/**
 * Pin Linux to the Secret Service: the library's default would otherwise fall back to the
 * kernel keyring, which forgets everything at reboot, and the user would never know.
 */
const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };

const PROBE_ACCOUNT = 'probe';

function platformLabel(): string {
  if (process.platform === 'darwin') return 'macOS Keychain';
  if (process.platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service';
}

/** Turns a native keyring failure into 'no_keychain' with what to do; native text never carries secrets. */
export function keychainError(e: unknown): WalletError {
  const text = e instanceof Error ? e.message : String(e);
  if (/locked/i.test(text)) {
    return new WalletError('no_keychain', 'the OS keychain is locked: unlock your login keyring and try again');
  }
  if (process.platform === 'linux' && /dbus|connect|ServiceUnknown|autolaunch/i.test(text)) {
    return new WalletError(
      'no_keychain',
      'no OS keychain: no Secret Service answered on D-Bus; install and start one (e.g. gnome-keyring ' +
        'or KeePassXC with Secret Service enabled), or choose the file store with --secret-store file',
    );
  }
  const hint = process.platform === 'linux' ? ' (does the Secret Service have an unlocked default keyring?)' : '';
  return new WalletError('no_keychain', `the OS keychain (${platformLabel()}) refused: ${text}${hint}`);
}

async function guard<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (e) {
    throw keychainError(e);
  }
}

/** The OS keychain through @napi-rs/keyring's async entries (off the event loop). */
export function napiKeyringBackend(service: string): KeyringBackend & { probe(): Promise<void> } {
  const entry = (account: string) => new AsyncEntry(service, account, ENTRY_OPTIONS);
  return {
    description: `OS keychain (${platformLabel()}), service "${service}"`,
    probe: () => guard(async () => void (await entry(PROBE_ACCOUNT).getPassword())),
    get: (account) => guard(async () => (await entry(account).getPassword()) ?? null),
    set: (account, value) => guard(() => entry(account).setPassword(value)),
    delete: (account) => guard(async () => void (await entry(account).deletePassword())),
    list: () =>
      guard(async () => (await findCredentialsAsync(service)).map((c) => ({ account: c.account, value: c.password }))),
  };
}
