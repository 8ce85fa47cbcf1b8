/** Builds the Wallet from flags and environment the same way for the desktop app and the browser host. */
import { SECRET_STORE_KINDS, type SecretStoreKind } from '../../../shared/domain';
import { WalletError } from '../../../shared/errors';
import { resolveDataDir } from '../vault';
import { Wallet } from '.';

export interface OpenWalletOptions {
  /** process.argv of the app: `--data-dir DIR` and `--secret-store keychain|file` are honoured. */
  argv?: string[];
  dataDir?: string;
  secretStore?: SecretStoreKind;
  version?: string;
  log?: (line: string) => void;
}

function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

/** WALLET_REQUEST_EXPIRY_MS: one request lifetime for every source (at least 1 s), or undefined. */
export function requestExpiryFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.WALLET_REQUEST_EXPIRY_MS;
  if (raw === undefined || raw === '') return undefined;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 1000) {
    throw new WalletError('bad_input', `WALLET_REQUEST_EXPIRY_MS must be an integer >= 1000, not ${raw}`);
  }
  return ms;
}

export async function openWallet(opts: OpenWalletOptions = {}): Promise<Wallet> {
  const argv = opts.argv ?? [];
  const store = opts.secretStore ?? flag(argv, '--secret-store') ?? process.env.WALLET_SECRET_STORE ?? 'keychain';
  const secretStore = SECRET_STORE_KINDS.find((kind) => kind === store);
  if (!secretStore) throw new WalletError('bad_input', `--secret-store must be keychain or file, not ${store}`);
  return Wallet.open({
    dataDir: resolveDataDir(opts.dataDir ?? flag(argv, '--data-dir')),
    secretStore,
    version: opts.version ?? process.env.npm_package_version ?? '0.1.0',
    requestExpiryMs: requestExpiryFromEnv(),
    log: opts.log ?? ((line) => process.stderr.write(`${line}\n`)),
  });
}
