// Key derivation from the BIP39 seed: BIP44 paths for secp256k1 and SLIP-0010 paths for ed25519.
import { ed25519 } from '@noble/curves/ed25519.js';
import { HDKey } from '@scure/bip32';
import { slip10Derive } from './slip10';
import type { KeyType } from './types';

/**
 * SLIP-0044 coin type for ed25519 keys: 148 (Stellar). Its SEP-0005 uses exactly m/44'/148'/x',
 * all hardened, so users can cross-check these keys with any SEP-0005 wallet. See docs/vault-format.md.
 */
export const ED25519_COIN_TYPE = 148;

/** BIP44 Ethereum account 0, external chain: the same keys as other BIP44 wallets for this mnemonic. */
export function secp256k1Path(index: number): string {
  return `m/44'/60'/0'/0/${index}`;
}

export function ed25519Path(index: number): string {
  return `m/44'/${ED25519_COIN_TYPE}'/${index}'`;
}

export function pathFor(type: KeyType, index: number): string {
  return type === 'secp256k1' ? secp256k1Path(index) : ed25519Path(index);
}

/** Largest non-hardened BIP32 index, also the largest we hand out for ed25519 (hardened on top). */
export const MAX_KEY_INDEX = 0x7fff_ffff;

/** The private key at a derivation path of a BIP39 seed; the caller owns (and wipes) the result. */
export function derivePrivateKey(seed: Uint8Array, type: KeyType, index: number): Uint8Array {
  if (!Number.isInteger(index) || index < 0 || index > MAX_KEY_INDEX) throw new Error('key index out of range');
  if (type === 'ed25519') {
    const node = slip10Derive(seed, ed25519Path(index));
    node.chainCode.fill(0);
    return node.privateKey;
  }
  const root = HDKey.fromMasterSeed(seed);
  const node = root.derive(secp256k1Path(index));
  const key = Uint8Array.from(node.privateKey!);
  node.wipePrivateData();
  root.wipePrivateData();
  return key;
}

/** The ed25519 public key for a 32-byte private seed (RFC 8032). */
export function ed25519PublicKey(privateKey: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(privateKey);
}
