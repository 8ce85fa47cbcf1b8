/**
 * What the NATS service needs from the rest of the core, as narrow views of the real classes: the
 * compiler checks them against Vault and RequestQueue, and tests can hand in the real objects.
 */
import type { RequestQueue } from '../requests/queue';
import type { Vault } from '../vault/vault';

export type VaultPort = Pick<
  Vault,
  | 'listKeyspaces'
  | 'hasKeyspace'
  | 'createKeyspace'
  | 'unlock'
  | 'isUnlocked'
  | 'createKeypair'
  | 'listKeypairs'
  | 'findKeypair'
  | 'sign'
  | 'on'
  | 'off'
>;

export type QueuePort = Pick<RequestQueue, 'submit' | 'recordResult' | 'fail' | 'policies' | 'on' | 'off'>;

/** Where the listener writes its one line per request; never secrets, never message bodies. */
export type LogLine = (line: string) => void;
