/**
 * The queue waits for a request's keyspace to unlock before releasing it. A script's target is the
 * wildcard keyspace ('*'): it opens keyspaces itself (with the session password), so there is nothing
 * to wait for. Until the queue stops waiting on unlock for 'script' requests, build the queue with
 * this signer so approved scripts are released at once; signing still goes to the vault unchanged.
 */
import type { Signer } from '../requests/signer';
import { ANY } from './handler';

/** The vault as the queue's signer, with the script wildcard keyspace counted as unlocked. */
export function scriptAwareSigner(vault: Signer): Signer {
  return {
    isUnlocked: (keyspace) => keyspace === ANY || vault.isUnlocked(keyspace),
    sign: (keyspace, keypair, message) => vault.sign(keyspace, keypair, message),
    on: (event, listener) => vault.on(event, listener),
    off: (event, listener) => vault.off(event, listener),
  };
}
