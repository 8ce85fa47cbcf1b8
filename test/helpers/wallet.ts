import { Wallet } from '../../electron/core/wallet';
import { makeDataDir, uniqueKeychainService } from './tmp';

/** Cheap scrypt for tests that are not about the KDF; the app never lowers it. */
export const TEST_KDF = { N: 2 ** 12, r: 8, p: 1 };

/**
 * A real Wallet (vault, queue, connections) on a temp data dir. 'file' needs no keychain;
 * 'keychain' uses the real Secret Service with a unique service name.
 */
export async function openTestWallet(opts: { secretStore?: 'file' | 'keychain' } = {}) {
  const { dir, cleanup } = await makeDataDir();
  const wallet = await Wallet.open({
    dataDir: dir,
    secretStore: opts.secretStore ?? 'file',
    keychainService: uniqueKeychainService('wallet'),
    kdf: TEST_KDF,
    version: '0.0.0-test',
  });
  return {
    wallet,
    dataDir: dir,
    close: async () => {
      await wallet.close();
      await cleanup();
    },
  };
}
