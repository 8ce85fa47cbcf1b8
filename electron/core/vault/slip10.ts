// SLIP-0010 ed25519 hardened derivation.
import { hmac } from '@noble/hashes/hmac.js';
import { sha512 } from '@noble/hashes/sha2.js';

const HARDENED = 0x8000_0000;
const ED25519_SEED_KEY = new TextEncoder().encode('ed25519 seed');

export interface Slip10Node {
  privateKey: Uint8Array;
  chainCode: Uint8Array;
}

/** SLIP-0010 master node for ed25519: HMAC-SHA512 keyed with "ed25519 seed". */
export function slip10Master(seed: Uint8Array): Slip10Node {
  const i = hmac(sha512, ED25519_SEED_KEY, seed);
  return { privateKey: i.slice(0, 32), chainCode: i.slice(32) };
}

/** SLIP-0010 ed25519 child: only hardened indices exist on this curve. */
export function slip10Child(parent: Slip10Node, index: number): Slip10Node {
  if (!Number.isInteger(index) || index < HARDENED || index > 0xffff_ffff) {
    throw new Error('ed25519 SLIP-0010 derivation supports hardened indices only');
  }
  const data = new Uint8Array(37);
  data.set(parent.privateKey, 1);
  new DataView(data.buffer).setUint32(33, index);
  const i = hmac(sha512, parent.chainCode, data);
  data.fill(0);
  return { privateKey: i.slice(0, 32), chainCode: i.slice(32) };
}

/** Parses a path like m/44'/148'/0' into child indices; every step must be hardened. */
export function parseHardenedPath(path: string): number[] {
  const parts = path.split('/');
  if (parts[0] !== 'm') throw new Error(`path must start with m: ${path}`);
  return parts.slice(1).map((p) => {
    const m = /^(\d+)['hH]$/.exec(p);
    if (!m) throw new Error(`ed25519 path steps must be hardened: ${path}`);
    const n = Number(m[1]);
    if (n >= HARDENED) throw new Error(`path index out of range: ${path}`);
    return n + HARDENED;
  });
}

/** The SLIP-0010 ed25519 node at `path`, wiping the intermediate nodes. */
export function slip10Derive(seed: Uint8Array, path: string): Slip10Node {
  let node = slip10Master(seed);
  for (const index of parseHardenedPath(path)) {
    const next = slip10Child(node, index);
    node.privateKey.fill(0);
    node.chainCode.fill(0);
    node = next;
  }
  return node;
}
