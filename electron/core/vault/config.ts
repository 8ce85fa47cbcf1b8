// Where the vault lives: the data dir and the keychain service name, from flags, environment or platform.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const DEFAULT_KEYCHAIN_SERVICE = 'signing-wallet';

/** The data dir: the --data-dir flag, then WALLET_DATA_DIR, then the platform's app-data folder. */
export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return flag;
  if (env.WALLET_DATA_DIR) return env.WALLET_DATA_DIR;
  return platformDataDir(process.platform, env);
}

/** Where each platform keeps per-user application data. */
export function platformDataDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  const home = env.HOME || homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Signing Wallet');
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'Signing Wallet');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'signing-wallet');
}

/** The keychain service name: an explicit value, then WALLET_KEYCHAIN_SERVICE, then the default. */
export function resolveKeychainService(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return explicit || env.WALLET_KEYCHAIN_SERVICE || DEFAULT_KEYCHAIN_SERVICE;
}
