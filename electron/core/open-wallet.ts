/** Builds the Wallet from command-line flags and environment, the same way for the app, CLI and browser host. */
import { Wallet } from './wallet';

export interface OpenWalletOptions {
  argv?: string[];
  dataDir?: string;
}

export async function openWallet(opts: OpenWalletOptions = {}): Promise<Wallet> {
  const dataDir = opts.dataDir ?? process.env.WALLET_DATA_DIR ?? '';
  return new Wallet({
    name: 'Signing Wallet',
    version: process.env.npm_package_version ?? '0.0.0',
    dataDir,
    secretStore: { kind: 'keychain', description: 'OS keychain', warning: null },
  });
}
