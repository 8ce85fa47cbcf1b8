/**
 * What a script can touch, worked out before anyone is asked: its starting keyspace plus every
 * keyspace it names as a string literal in `load_key_space` or `create_key_space`, and the key
 * management it performs. The card, the policy match and the audit entry all use this; at run time
 * the script host refuses anything outside it.
 */
import type { KeyManagementKind } from '../../../shared/domain';
import { WalletError } from '../../../shared/errors';
import { firstArguments, type Program } from './script';

export interface ScriptReach {
  /** Every keyspace the script may open, sorted and unique. */
  keyspaces: string[];
  /** The key-management kinds the script performs, in KEY_MANAGEMENT_KINDS spelling. */
  keyManagement: KeyManagementKind[];
}

/** The wallet functions that name a keyspace by their first argument. */
const NAMING_FUNCTIONS = new Set(['load_key_space', 'create_key_space']);
/** Script functions that are key management, and the kind each one is. */
const KEY_MANAGEMENT_CALLS: Record<string, KeyManagementKind> = {
  create_key_space: 'create_keyspace',
  create_keypair: 'create_keypair',
};

/**
 * The reach of a parsed script. A keyspace named any other way than by a string literal (a variable,
 * a concatenation) cannot be shown on the card, so the script is refused with 'bad_input'.
 */
export function scriptReach(program: Program, startKeyspace: string | null, calls: readonly string[]): ScriptReach {
  const keyspaces = new Set<string>(startKeyspace === null ? [] : [startKeyspace]);
  for (const arg of firstArguments(program, NAMING_FUNCTIONS)) {
    if (arg.literal === null) {
      throw new WalletError(
        'bad_input',
        `${arg.name} must name its keyspace with a string literal, so the approval can show it (line ${arg.pos.line}, column ${arg.pos.column})`,
      );
    }
    keyspaces.add(arg.literal);
  }
  const kinds = new Set<KeyManagementKind>();
  for (const call of calls) if (KEY_MANAGEMENT_CALLS[call]) kinds.add(KEY_MANAGEMENT_CALLS[call]);
  return { keyspaces: [...keyspaces].sort(), keyManagement: [...kinds].sort() };
}
