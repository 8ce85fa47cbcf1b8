import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AsyncEntry, findCredentialsAsync } from '@napi-rs/keyring';
import { createSecretStore, type SecretStore, Vault } from '../../electron/core/vault';
import { TEST_KDF } from '../helpers/kdf';

const run = promisify(execFile);

export const PASSWORD = 'a-good-password';

/** These suites use the real Secret Service; they run inside the private D-Bus session `npm test` starts. */
export function requireKeychainSession(): void {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) {
    throw new Error(
      'no D-Bus session: run these suites through `npm test` (or dbus-run-session with an unlocked gnome-keyring)',
    );
  }
}

export function keychainStore(service: string, dataDir: string): Promise<SecretStore> {
  return createSecretStore({ kind: 'keychain', service, dataDir });
}

/** A Vault on the real keychain with test-cheap scrypt. */
export async function keychainVault(
  service: string,
  dataDir: string,
  opts: { gcGraceMs?: number } = {},
): Promise<Vault> {
  return Vault.open({ dataDir, secretStore: await keychainStore(service, dataDir), kdf: TEST_KDF, ...opts });
}

/** What `secret-tool search --all service SERVICE` prints: labels, attributes and the secrets themselves. */
export async function secretToolSearch(service: string): Promise<string> {
  const { stdout, stderr } = await run('secret-tool', ['search', '--all', 'service', service]);
  return stdout + stderr;
}

/** Every entry under a service, straight from the keychain. */
export async function keychainEntries(service: string): Promise<Map<string, string>> {
  const creds = await findCredentialsAsync(service);
  return new Map(creds.map((c) => [c.account, c.password]));
}

/** Debian's own python3 (another python3 may come first on PATH). */
export async function systemPython(): Promise<string> {
  const { stdout } = await run('getconf', ['PATH']);
  const { stdout: py } = await run('sh', ['-c', 'command -v python3'], { env: { PATH: stdout.trim() } });
  return py.trim();
}

/** Deletes every entry under a test service: gnome-keyring slows down as its collection grows. */
export async function clearService(service: string): Promise<void> {
  for (const account of (await keychainEntries(service)).keys()) {
    await new AsyncEntry(service, account, { linux: { store: 'secret-service' } }).deletePassword();
  }
}
