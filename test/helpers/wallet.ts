// A real Wallet on a temp data dir, for tests that drive the facade.
import { Wallet } from '../../electron/core/wallet';
import { TEST_KDF } from './kdf';
import { makeDataDir, uniqueKeychainService } from './tmp';

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
