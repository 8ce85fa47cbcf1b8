import { EventEmitter } from 'node:events';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import * as secp from '@noble/secp256k1';
import type { Signer } from '../../electron/core/requests/signer';
import { WalletError } from '../../shared/errors';

// Sync signing needs these; synchronous signatures keep test interleavings decided by the gate alone.
secp.hashes.sha256 ??= sha256;
secp.hashes.hmacSha256 ??= (key, message) => hmac(sha256, key, message);

/**
 * A real in-memory signer for tests and benchmarks: secp256k1 ECDSA over sha256 (compact, low-S)
 * with its own lock state, emitting 'locked' / 'unlocked' like the vault does.
 */
export class MemorySigner extends EventEmitter implements Signer {
  private readonly keys = new Map<string, Map<string, Uint8Array>>();
  private readonly unlocked = new Set<string>();
  /** Every signature actually produced, in order. */
  readonly produced: { keyspace: string; keypair: string; message: Uint8Array; signature: Uint8Array }[] = [];
  /** Every sign() call, including refused ones. */
  calls = 0;
  /** When set, each sign() waits on it before signing, so a test can interleave events mid-signature. */
  gate?: () => Promise<void>;
  /** When set, sign() throws this for the matching keypair (a key the vault cannot use). */
  failFor?: { keypair: string; error: Error };

  /** `record: false` skips keeping `produced` (benchmarks: the bookkeeping is not signing work). */
  constructor(private readonly options: { record?: boolean } = {}) {
    super();
  }

  /** Adds a keypair to a keyspace; returns its compressed public key, hex. */
  addKeypair(keyspace: string, secretKey: Uint8Array = secp.utils.randomSecretKey()): string {
    const publicKey = Buffer.from(secp.getPublicKey(secretKey, true)).toString('hex');
    if (!this.keys.has(keyspace)) this.keys.set(keyspace, new Map());
    this.keys.get(keyspace)!.set(publicKey, secretKey);
    return publicKey;
  }

  isUnlocked(keyspace: string): boolean {
    return this.unlocked.has(keyspace);
  }

  unlock(keyspace: string): void {
    if (this.unlocked.has(keyspace)) return;
    this.unlocked.add(keyspace);
    this.emit('unlocked', keyspace);
  }

  lock(keyspace: string): void {
    if (this.unlocked.delete(keyspace)) this.emit('locked', keyspace);
  }

  async sign(keyspace: string, keypair: string, message: Uint8Array): Promise<Uint8Array> {
    this.calls++;
    if (!this.unlocked.has(keyspace)) throw new WalletError('locked', `keyspace ${keyspace} is locked`);
    const secretKey = this.keys.get(keyspace)?.get(keypair);
    if (!secretKey) throw new WalletError('not_found', 'no such keypair');
    if (this.failFor?.keypair === keypair) throw this.failFor.error;
    if (this.gate) {
      await this.gate();
      if (!this.unlocked.has(keyspace)) throw new WalletError('locked', `keyspace ${keyspace} is locked`);
    }
    const signature = secp.sign(message, secretKey);
    if (this.options.record !== false)
      this.produced.push({ keyspace, keypair, message: new Uint8Array(message), signature });
    return signature;
  }
}

/** Verifies a compact signature over sha256(message) against a compressed public key hex. */
export function verifySignature(signature: Uint8Array, message: Uint8Array, publicKeyHex: string): boolean {
  return secp.verify(signature, message, Buffer.from(publicKeyHex, 'hex'));
}
