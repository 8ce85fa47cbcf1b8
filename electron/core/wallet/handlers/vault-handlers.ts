/** Contract handlers for keyspaces and keypairs: thin calls onto the Vault. */
import { WalletError } from '../../../../shared/errors';
import type { Vault } from '../../vault';
import type { Handlers } from '../dispatch';

type VaultChannels = Extract<keyof Handlers, `keyspace:${string}` | `keypair:${string}`>;

export function vaultHandlers(vault: Vault): Pick<Handlers, VaultChannels> {
  return {
    'keyspace:create': ({ name, password, words }) => vault.createKeyspace(name, password, { words }),
    'keyspace:import': async ({ name, mnemonic, password }) => {
      await vault.importKeyspace(name, mnemonic, password);
      return null;
    },
    'keyspace:unlock': async ({ name, password }) => {
      await vault.unlock(name, password);
      return null;
    },
    'keyspace:lock': ({ name }) => {
      vault.lock(name);
      return null;
    },
    'keyspace:lockAll': () => {
      vault.lockAll();
      return null;
    },
    'keyspace:rename': async ({ name, newName }) => {
      await vault.renameKeyspace(name, newName);
      return null;
    },
    'keyspace:delete': async ({ name, password, confirmName }) => {
      // Typing the name again guards against deleting the wrong keyspace from a list.
      if (confirmName !== name) throw new WalletError('bad_input', 'type the keyspace name exactly to delete it');
      await vault.deleteKeyspace(name, password);
      return null;
    },
    'keyspace:changePassword': async ({ name, oldPassword, newPassword }) => {
      await vault.changePassword(name, oldPassword, newPassword);
      return null;
    },
    'keyspace:revealMnemonic': async ({ name, password }) => ({ mnemonic: await vault.revealMnemonic(name, password) }),
    'keypair:create': ({ keyspace, name, type }) => vault.createKeypair(keyspace, name, { type }),
    'keypair:import': ({ keyspace, name, privateKeyHex }) => vault.importKeypair(keyspace, name, privateKeyHex),
    'keypair:rename': async ({ keyspace, name, newName }) => {
      await vault.renameKeypair(keyspace, name, newName);
      return null;
    },
    'keypair:remove': async ({ keyspace, name }) => {
      await vault.removeKeypair(keyspace, name);
      return null;
    },
  };
}
