// The decrypted payload of a keyspace (mnemonic and keypairs): encoding, decoding and wiping.
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { WalletError } from '../../../shared/errors';
import { MAX_KEY_INDEX, pathFor } from './derivation';
import type { KeyType } from './types';

/**
 * The secret part of a keyspace, as it sits inside the envelope. It is the authoritative record
 * of the keyspace's keypairs: the index file is a readable cache of it, repaired on unlock.
 * Derived keypairs store only their index; imported ones store their private key.
 */
const keypairSchema = z.union([
  z.object({
    name: z.string().min(1).max(64),
    type: z.enum(['secp256k1', 'ed25519']),
    index: z.number().int().min(0).max(MAX_KEY_INDEX),
  }),
  z.object({
    name: z.string().min(1).max(64),
    type: z.literal('secp256k1'),
    privateKey: z.string().regex(/^[0-9a-f]{64}$/),
  }),
]);

const payloadSchema = z.object({
  v: z.literal(1),
  mnemonic: z.string().min(1),
  keypairs: z.array(keypairSchema),
});

/** One keypair in memory: `index` for derived keys, `privateKey` (wiped on lock) for imported ones. */
export interface SecretKeypair {
  name: string;
  type: KeyType;
  index: number | null;
  privateKey: Uint8Array | null;
}

export interface SecretPayload {
  /** UTF-8 bytes rather than a string, so lock can overwrite them. */
  mnemonic: Uint8Array;
  keypairs: SecretKeypair[];
}

export function pathOf(kp: SecretKeypair): string | null {
  return kp.index === null ? null : pathFor(kp.type, kp.index);
}

/** Serialises for sealing; the returned bytes are the caller's to wipe. */
export function encodePayload(p: SecretPayload): Buffer {
  const keypairs = p.keypairs.map((kp) =>
    kp.privateKey
      ? { name: kp.name, type: kp.type, privateKey: bytesToHex(kp.privateKey) }
      : { name: kp.name, type: kp.type, index: kp.index },
  );
  return Buffer.from(JSON.stringify({ v: 1, mnemonic: new TextDecoder().decode(p.mnemonic), keypairs }), 'utf8');
}

/** Parses decrypted bytes (then wipes them); a well-authenticated but malformed payload is 'corrupt'. */
export function decodePayload(plain: Buffer, what: string): SecretPayload {
  let parsed: z.infer<typeof payloadSchema>;
  try {
    parsed = payloadSchema.parse(JSON.parse(plain.toString('utf8')));
  } catch {
    throw new WalletError('corrupt', `${what}: the decrypted secret has an unknown layout`);
  } finally {
    plain.fill(0);
  }
  return {
    mnemonic: new TextEncoder().encode(parsed.mnemonic),
    keypairs: parsed.keypairs.map((kp) =>
      'privateKey' in kp
        ? { name: kp.name, type: kp.type, index: null, privateKey: hexToBytes(kp.privateKey) }
        : { name: kp.name, type: kp.type, index: kp.index, privateKey: null },
    ),
  };
}

/** Best-effort zeroing of every secret buffer a payload holds. */
export function wipePayload(p: SecretPayload): void {
  p.mnemonic.fill(0);
  for (const kp of p.keypairs) kp.privateKey?.fill(0);
}

/** The lowest index of a type that no keypair uses: a removed key comes back if created again. */
export function nextFreeIndex(p: SecretPayload, type: KeyType): number {
  const used = new Set(p.keypairs.filter((kp) => kp.type === type && kp.index !== null).map((kp) => kp.index));
  let i = 0;
  while (used.has(i)) i++;
  return i;
}
