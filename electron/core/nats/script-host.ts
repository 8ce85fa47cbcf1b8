/**
 * The wallet functions a remote script may call, bound to the vault for one run. The run keeps its
 * own current keyspace and keypair (starting at the listener's `--keyspace`), so concurrent scripts
 * never see each other's selection. The script was approved as a whole, for the keyspaces its card
 * listed: key creation and signing inside them need no further approval, any other keyspace is
 * 'forbidden', and every action is reported to `onAction` for the audit log. Every password is
 * checked, also for a keyspace that is already open, and a wrong one counts as a remote attempt.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { WalletError } from '../../../shared/errors';
import { verifySignature } from '../vault/verify';
import type { VaultPort } from './ports';
import type { ScriptHost, ScriptValue } from './script';

/** Every wallet function, in the order the docs list them. `print` is the interpreter's own. */
export const WALLET_FUNCTIONS = [
  'create_key_space',
  'load_key_space',
  'list_key_spaces',
  'create_keypair',
  'select_keypair',
  'list_keypairs',
  'public_key',
  'sign',
  'verify',
] as const;

export interface ScriptHostOptions {
  vault: VaultPort;
  /** The listener's current keyspace at the start of every run. */
  keyspace: string | null;
  /** The keyspaces the approval covered (see scriptReach); anything else is 'forbidden'. */
  keyspaces: ReadonlySet<string>;
  /** This run's password: the one typed at approval time, else the listener's; null when there is none. */
  password: string | null;
  /** One short line per key created, keyspace opened or message signed; never secrets. */
  onAction: (action: string) => void;
  /** Why a function returned false (a name taken, a wrong password), for the wallet log. */
  onNote?: (note: string) => void;
}

/** Builds a fresh host (with its own selection state) for one script run. */
export function createScriptHost(opts: ScriptHostOptions): ScriptHost {
  const { vault, onAction } = opts;
  const note = opts.onNote ?? (() => {});
  const state: { keyspace: string | null; keypair: string | null } = { keyspace: opts.keyspace, keypair: null };

  /** The keyspaces outside the approval are refused, whatever the script does at run time. */
  const approved = (fn: string, keyspace: string): string => {
    if (!opts.keyspaces.has(keyspace)) {
      throw new WalletError('forbidden', `${fn}: keyspace "${keyspace}" is not one this script was approved for`);
    }
    return keyspace;
  };

  /** The password argument, else this run's password; never guessed. */
  const passwordFor = (fn: string, given: ScriptValue | undefined): string => {
    if (typeof given === 'string') return given;
    const session = opts.password;
    if (session === null) {
      throw new WalletError(
        'bad_input',
        `${fn}: no session password; pass one, or start the listener with --password-file`,
      );
    }
    return session;
  };

  const currentKeyspace = (fn: string): string => {
    if (state.keyspace === null) {
      throw new WalletError('bad_input', `${fn}: no current keyspace; call create_key_space or load_key_space first`);
    }
    return state.keyspace;
  };

  /** Signing and key creation need the keyspace open; this run's password opens it when it can. */
  const openKeyspace = async (fn: string): Promise<string> => {
    const keyspace = approved(fn, currentKeyspace(fn));
    if (!vault.isUnlocked(keyspace)) {
      if (opts.password === null) throw new WalletError('locked', `${fn}: keyspace "${keyspace}" is locked`);
      await vault.unlock(keyspace, opts.password, { scope: 'remote' });
    }
    return keyspace;
  };

  const currentKeypair = (fn: string): { keyspace: string; keypair: string; publicKey: string } => {
    const keyspace = currentKeyspace(fn);
    const kp = state.keypair === null ? undefined : vault.findKeypair(keyspace, state.keypair);
    if (!kp) throw new WalletError('bad_input', `${fn}: no keypair selected; call select_keypair first`);
    return { keyspace, keypair: kp.name, publicKey: kp.publicKey };
  };

  return {
    create_key_space: {
      params: ['string', 'string'],
      optional: 1,
      call: async (name, password) => {
        const ks = approved('create_key_space', name as string);
        const pw = passwordFor('create_key_space', password);
        return expected(note, `create_key_space("${ks}")`, ['exists', 'bad_input'], async () => {
          await vault.createKeyspace(ks, pw);
          state.keyspace = ks;
          state.keypair = null;
          onAction(`created keyspace ${ks}`);
        });
      },
    },
    load_key_space: {
      params: ['string', 'string'],
      optional: 1,
      call: async (name, password) => {
        const ks = approved('load_key_space', name as string);
        const pw = passwordFor('load_key_space', password);
        return expected(note, `load_key_space("${ks}")`, ['not_found', 'wrong_password', 'retry_later'], async () => {
          if (!vault.hasKeyspace(ks)) throw new WalletError('not_found', 'no such keyspace');
          await vault.unlock(ks, pw, { scope: 'remote' });
          state.keyspace = ks;
          state.keypair = null;
          onAction(`opened keyspace ${ks}`);
        });
      },
    },
    list_key_spaces: { params: [], call: () => vault.listKeyspaces().map((k) => k.name) },
    create_keypair: {
      params: ['string'],
      call: async (name) => {
        const keyspace = await openKeyspace('create_keypair');
        return expected(note, `create_keypair("${name as string}")`, ['exists', 'bad_input'], async () => {
          const kp = await vault.createKeypair(keyspace, name as string);
          onAction(`created keypair ${keyspace}/${kp.name} (${kp.type} ${kp.publicKey})`);
        });
      },
    },
    select_keypair: {
      params: ['string'],
      call: (name) => {
        const kp = vault.findKeypair(currentKeyspace('select_keypair'), name as string);
        if (!kp) {
          note(`select_keypair("${name as string}") returned false: no such keypair in ${state.keyspace}`);
          return false;
        }
        state.keypair = kp.name;
        return true;
      },
    },
    list_keypairs: {
      params: [],
      call: () => vault.listKeypairs(currentKeyspace('list_keypairs')).map((kp) => kp.name),
    },
    public_key: { params: [], call: () => currentKeypair('public_key').publicKey },
    sign: {
      params: ['string'],
      call: async (message) => {
        await openKeyspace('sign');
        const { keyspace, keypair } = currentKeypair('sign');
        const bytes = new TextEncoder().encode(message as string);
        const signature = bytesToHex(await vault.sign(keyspace, keypair, bytes));
        const digest = bytesToHex(sha256(bytes));
        onAction(
          `signed ${bytes.length} bytes (sha256 ${digest.slice(0, 16)}…) with ${keyspace}/${keypair}: ${signature}`,
        );
        return signature;
      },
    },
    verify: {
      params: ['string', 'string'],
      call: (message, signatureHex) => {
        const { publicKey } = currentKeypair('verify');
        const hex = (signatureHex as string).replace(/^0x/, '');
        if (!/^([0-9a-fA-F]{2})+$/.test(hex)) return false;
        return verifySignature(publicKey, new TextEncoder().encode(message as string), hexToBytes(hex));
      },
    },
  };
}

// ## Helpers

/**
 * Runs a wallet action that the reference scripts test with `if`: the failures a caller can expect
 * (a taken name, a wrong password) return false with a note; anything else is a real error.
 */
async function expected(
  note: (line: string) => void,
  what: string,
  codes: string[],
  action: () => Promise<void>,
): Promise<boolean> {
  try {
    await action();
    return true;
  } catch (e) {
    if (e instanceof WalletError && codes.includes(e.code)) {
      note(`${what} returned false: ${e.message}`);
      return false;
    }
    throw e;
  }
}
