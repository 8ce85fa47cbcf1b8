// KeyspaceSession: one unlocked keyspace in memory, its key, seed, payload and derived keys.
import { bytesToHex } from '@noble/hashes/utils.js';
import { WalletError } from '../../../shared/errors';
import { derivePrivateKey } from './derivation';
import { type KdfHeader, seal } from './envelope';
import { IdleTimer } from './idle-timer';
import { encodePayload, type SecretKeypair, type SecretPayload, wipePayload } from './payload';
import { publicKeyOf } from './signing';

/** A payload sealed as a keyspace's next write, and that write's generation. */
export interface SealedWrite {
  value: string;
  generation: number;
}

export interface UnlockedKey {
  privateKey: Uint8Array;
  publicKey: string;
}

/**
 * An unlocked keyspace: the AES key (so writes need no new scrypt run), the BIP39 seed and the
 * decrypted payload. Private keys are derived on first use and cached. `wipe()` zeroes every
 * buffer it holds (best effort: JS strings made while parsing cannot be zeroed), and a wiped
 * session refuses to seal, so a lock racing a write can never store data under a zeroed key.
 */
export class KeyspaceSession {
  private readonly derived = new Map<string, UnlockedKey>();
  private readonly imported = new WeakMap<Uint8Array, string>();
  private wiped = false;
  readonly idle: IdleTimer;

  constructor(
    readonly id: string,
    public name: string,
    private key: Buffer,
    public kdf: KdfHeader,
    public payload: SecretPayload,
    private readonly seed: Uint8Array,
    public version: string,
    /** The generation of the blob this session last read or wrote (0: none yet, or a format-1 blob). */
    public generation: number,
    autoLockMs: number,
    onIdle: () => void,
  ) {
    this.idle = new IdleTimer(autoLockMs, onIdle);
  }

  /** Applies a changed auto-lock setting to this unlocked session. */
  setAutoLock(ms: number): void {
    this.idle.setLimit(ms);
  }

  get isWiped(): boolean {
    return this.wiped;
  }

  /** The private key of a payload keypair and its hex public key, derived once per session. */
  keyOf(kp: SecretKeypair): UnlockedKey {
    this.assertLive();
    if (kp.privateKey) {
      let publicKey = this.imported.get(kp.privateKey);
      if (!publicKey) {
        publicKey = bytesToHex(publicKeyOf(kp.type, kp.privateKey));
        this.imported.set(kp.privateKey, publicKey);
      }
      return { privateKey: kp.privateKey, publicKey };
    }
    const cacheKey = `${kp.type}:${kp.index}`;
    let hit = this.derived.get(cacheKey);
    if (!hit) {
      const privateKey = derivePrivateKey(this.seed, kp.type, kp.index!);
      hit = { privateKey, publicKey: bytesToHex(publicKeyOf(kp.type, privateKey)) };
      this.derived.set(cacheKey, hit);
    }
    return hit;
  }

  /** The public key this session has already derived for a keypair, if any (never derives). */
  knownPublicKey(kp: SecretKeypair): string | undefined {
    if (this.wiped) return undefined;
    if (kp.privateKey) return this.imported.get(kp.privateKey);
    return this.derived.get(`${kp.type}:${kp.index}`)?.publicKey;
  }

  /** Encrypts a payload as the keyspace's next generation, under this session's key with a fresh nonce. */
  seal(payload: SecretPayload): SealedWrite {
    this.assertLive();
    const plain = encodePayload(payload);
    const generation = this.generation + 1;
    try {
      return { value: seal(this.key, this.kdf, plain, { keyspace: this.id, generation }), generation };
    } finally {
      plain.fill(0);
    }
  }

  commit(payload: SecretPayload, version: string, generation: number): void {
    this.payload = payload;
    this.version = version;
    this.generation = generation;
  }

  /** Swaps in a new key after a password change (the old key is zeroed). */
  rekey(key: Buffer, kdf: KdfHeader, payload: SecretPayload, version: string, generation: number): void {
    this.assertLive();
    this.key.fill(0);
    this.key = key;
    this.kdf = kdf;
    const old = this.payload;
    this.payload = payload;
    this.version = version;
    this.generation = generation;
    wipePayload(old);
  }

  currentKey(): Buffer {
    this.assertLive();
    return this.key;
  }

  wipe(): void {
    if (this.wiped) return;
    this.wiped = true;
    this.idle.stop();
    this.key.fill(0);
    this.seed.fill(0);
    wipePayload(this.payload);
    for (const k of this.derived.values()) k.privateKey.fill(0);
    this.derived.clear();
  }

  private assertLive(): void {
    if (this.wiped) throw new WalletError('locked', `keyspace "${this.name}" is locked`);
  }
}
