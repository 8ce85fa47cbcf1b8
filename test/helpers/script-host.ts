// An in-memory ScriptHost with the wallet's function names, for tests of the script language alone.
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import * as secp from '@noble/secp256k1';
import type { ScriptHost } from '../../electron/core/nats/script/host';

/** The calls a fake wallet saw, so tests can assert what a script did (and did not) do. */
export interface FakeWalletState {
  keySpaces: Map<string, { password: string; keypairs: Map<string, Uint8Array> }>;
  current?: string;
  selected?: string;
  calls: string[];
}

/**
 * An in-memory stand-in for the real wallet host, for tests of the script language only:
 * the same function names, arities and return values as the wallet's host, real secp256k1 signatures.
 */
export function fakeWalletHost(sessionPassword = 'session-password'): { host: ScriptHost; state: FakeWalletState } {
  const state: FakeWalletState = { keySpaces: new Map(), calls: [] };
  const space = () => {
    if (!state.current) throw new Error('no key space is loaded');
    return state.keySpaces.get(state.current) as { password: string; keypairs: Map<string, Uint8Array> };
  };
  const secretKey = () => {
    const key = state.selected ? space().keypairs.get(state.selected) : undefined;
    if (!key) throw new Error('no keypair is selected');
    return key;
  };
  const host: ScriptHost = {
    create_key_space: {
      params: ['string', 'string'],
      optional: 1,
      call: (name, password = sessionPassword) => {
        state.calls.push(`create_key_space:${name}`);
        if (state.keySpaces.has(name as string)) throw new Error(`key space '${name}' already exists`);
        state.keySpaces.set(name as string, { password: password as string, keypairs: new Map() });
        state.current = name as string;
        state.selected = undefined;
        return true;
      },
    },
    load_key_space: {
      params: ['string', 'string'],
      optional: 1,
      call: (name, password = sessionPassword) => {
        state.calls.push(`load_key_space:${name}`);
        const found = state.keySpaces.get(name as string);
        if (!found || found.password !== password) throw new Error('unknown key space or wrong password');
        state.current = name as string;
        state.selected = undefined;
        return true;
      },
    },
    list_key_spaces: { params: [], call: () => [...state.keySpaces.keys()].sort() },
    create_keypair: {
      params: ['string'],
      call: (name) => {
        state.calls.push(`create_keypair:${name}`);
        const keypairs = space().keypairs;
        if (keypairs.has(name as string)) throw new Error(`keypair '${name}' already exists`);
        keypairs.set(name as string, secp.utils.randomSecretKey());
        return true;
      },
    },
    select_keypair: {
      params: ['string'],
      call: (name) => {
        if (!space().keypairs.has(name as string)) throw new Error(`no keypair named '${name}'`);
        state.selected = name as string;
        return true;
      },
    },
    list_keypairs: { params: [], call: () => [...space().keypairs.keys()].sort() },
    public_key: { params: [], call: () => bytesToHex(secp.getPublicKey(secretKey(), true)) },
    sign: {
      params: ['string'],
      call: async (message) => {
        state.calls.push('sign');
        return bytesToHex(await secp.signAsync(utf8ToBytes(message as string), secretKey()));
      },
    },
    verify: {
      params: ['string', 'string'],
      call: async (message, signature) =>
        secp.verifyAsync(
          hexToBytes(signature as string),
          utf8ToBytes(message as string),
          secp.getPublicKey(secretKey(), true),
        ),
    },
  };
  return { host, state };
}
