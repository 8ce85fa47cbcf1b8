// Tests of key derivation against BIP32 and SLIP-0010 vectors.
import { readFileSync } from 'node:fs';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import * as secp from '@noble/secp256k1';
import { base32 } from '@scure/base';
import { HDKey } from '@scure/bip32';
import { describe, expect, it } from 'vitest';
import { derivePrivateKey, ed25519Path, ed25519PublicKey, secp256k1Path } from './derivation';
import { mnemonicSeed } from './mnemonic';
import { slip10Derive, slip10Master } from './slip10';

const vectors = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../test/vectors/${name}`, import.meta.url), 'utf8'));

describe('BIP32 (bitcoin/bips test vectors 1-4)', () => {
  const file = vectors('bip32.json') as {
    vectors: Array<{ name: string; seed: string; chains: Array<{ path: string; xpub: string; xprv: string }> }>;
  };
  for (const v of file.vectors) {
    it.each(v.chains)(`${v.name} $path`, (c) => {
      const node = HDKey.fromMasterSeed(hexToBytes(v.seed)).derive(c.path);
      expect(node.privateExtendedKey).toBe(c.xprv);
      expect(node.publicExtendedKey).toBe(c.xpub);
    });
  }
});

describe('SLIP-0010 ed25519 (satoshilabs/slips vectors)', () => {
  const file = vectors('slip10-ed25519.json') as {
    vectors: Array<{
      name: string;
      seed: string;
      chains: Array<{ path: string; chainCode: string; private: string; public: string }>;
    }>;
  };
  for (const v of file.vectors) {
    it.each(v.chains)(`${v.name} $path`, (c) => {
      const seed = hexToBytes(v.seed);
      const node = c.path === 'm' ? slip10Master(seed) : slip10Derive(seed, c.path);
      expect(bytesToHex(node.privateKey)).toBe(c.private);
      expect(bytesToHex(node.chainCode)).toBe(c.chainCode);
      expect(`00${bytesToHex(ed25519PublicKey(node.privateKey))}`).toBe(c.public);
    });
  }

  it('refuses non-hardened steps', () => {
    expect(() => slip10Derive(new Uint8Array(16), "m/44'/0")).toThrow(/hardened/);
  });
});

/** Stellar strkeys are base32 of [version][32-byte key][CRC16]; the key is bytes 1..33. */
function strkeyBytes(strkey: string): Uint8Array {
  return base32.decode(strkey).slice(1, 33);
}

describe("ed25519 at m/44'/148'/i' matches SEP-0005 wallets (Stellar vectors)", () => {
  const file = vectors('sep0005-ed25519.json') as {
    vectors: Array<{
      name: string;
      mnemonic: string;
      passphrase: string;
      seed: string;
      keys: Array<{ path: string; publicKey: string; secretSeed: string }>;
    }>;
  };
  it.each(file.vectors)('$name', async (v) => {
    const seed = await mnemonicSeed(v.mnemonic, v.passphrase);
    expect(bytesToHex(seed)).toBe(v.seed);
    for (const [i, k] of v.keys.entries()) {
      expect(ed25519Path(i)).toBe(k.path);
      const priv = derivePrivateKey(seed, 'ed25519', i);
      expect(bytesToHex(priv)).toBe(bytesToHex(strkeyBytes(k.secretSeed)));
      expect(bytesToHex(ed25519PublicKey(priv))).toBe(bytesToHex(strkeyBytes(k.publicKey)));
    }
  });
});

describe("secp256k1 at m/44'/60'/0'/0/i matches other BIP44 wallets (Hardhat/anvil accounts)", () => {
  const file = vectors('bip44-secp256k1.json') as {
    mnemonic: string;
    accounts: Array<{ path: string; privateKey: string; address: string }>;
  };
  it.each(file.accounts.map((a, i) => ({ ...a, i })))('$path', async (a) => {
    const seed = await mnemonicSeed(file.mnemonic);
    expect(secp256k1Path(a.i)).toBe(a.path);
    const priv = derivePrivateKey(seed, 'secp256k1', a.i);
    expect(bytesToHex(priv)).toBe(a.privateKey);
    // the address is keccak256 of the uncompressed public key: an independent check of the public key
    const address = bytesToHex(keccak_256(secp.getPublicKey(priv, false).slice(1)).slice(-20));
    expect(`0x${address}`).toBe(a.address.toLowerCase());
  });

  it('rejects indices outside 0..2^31-1', () => {
    expect(() => derivePrivateKey(new Uint8Array(64), 'secp256k1', -1)).toThrow(/range/);
    expect(() => derivePrivateKey(new Uint8Array(64), 'ed25519', 2 ** 31)).toThrow(/range/);
  });
});
