// Keypair operations: create, import, rename, remove, look up and sign with the keypairs of a keyspace.
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { WalletError } from '../../../shared/errors';
import type { IndexKeypair, IndexKeyspace } from './index-file';
import type { KeyspaceRepository } from './keyspace-repository';
import { checkName } from './names';
import { nextFreeIndex, type SecretKeypair, type SecretPayload } from './payload';
import { canonicalPublicKey } from './public-key';
import { isValidSecp256k1PrivateKey, publicKeyOf, signWith } from './signing';
import { KEY_TYPES, type KeypairInfo, type KeyType } from './types';

const PRIVATE_KEY_HEX = /^(0x)?[0-9a-fA-F]{64}$/;

function info(k: IndexKeypair): KeypairInfo {
  return { name: k.name, type: k.type, publicKey: k.publicKey, path: k.path };
}

/** Name first, then public key (hex, any case, optional 0x): names cannot look like keys. */
function lookup(entry: IndexKeyspace, nameOrPublicKeyHex: string): IndexKeypair | undefined {
  if (typeof nameOrPublicKeyHex !== 'string') return undefined;
  const byName = entry.keypairs.find((k) => k.name === nameOrPublicKeyHex);
  if (byName) return byName;
  const hex = nameOrPublicKeyHex.toLowerCase().replace(/^0x/, '');
  return entry.keypairs.find((k) => k.publicKey === hex);
}

function assertNoKeypairNamed(p: SecretPayload, name: string): void {
  if (p.keypairs.some((k) => k.name === name))
    throw new WalletError('exists', `a keypair named "${name}" already exists`);
}

/**
 * Every change goes through the encrypted payload first and reaches the index only after it was
 * stored; lookups and signing read the index `repo` holds, so they never wait for a write.
 */
export class KeypairOperations {
  constructor(private readonly repo: KeyspaceRepository) {}

  async create(keyspace: string, name: string, type: KeyType): Promise<KeypairInfo> {
    checkName('keypair', name);
    if (!KEY_TYPES.includes(type)) throw new WalletError('bad_input', 'key type must be secp256k1 or ed25519');
    return this.change(keyspace, (p) => {
      assertNoKeypairNamed(p, name);
      const kp: SecretKeypair = { name, type, index: nextFreeIndex(p, type), privateKey: null };
      return { ...p, keypairs: [...p.keypairs, kp] };
    }).then((entry) => info(entry.keypairs.find((k) => k.name === name)!));
  }

  async import(keyspace: string, name: string, privateKeyHex: string): Promise<KeypairInfo> {
    checkName('keypair', name);
    const hex = typeof privateKeyHex === 'string' ? privateKeyHex.trim() : '';
    if (!PRIVATE_KEY_HEX.test(hex)) {
      throw new WalletError('bad_input', 'private key must be 64 hex characters (32 bytes)');
    }
    const privateKey = hexToBytes(hex.replace(/^0x/, '').toLowerCase());
    if (!isValidSecp256k1PrivateKey(privateKey)) {
      privateKey.fill(0);
      throw new WalletError(
        'bad_input',
        'private key is not a valid secp256k1 key (zero or not below the curve order)',
      );
    }
    const publicKey = bytesToHex(publicKeyOf('secp256k1', privateKey));
    return this.change(keyspace, (p, entry) => {
      assertNoKeypairNamed(p, name);
      const same = entry.keypairs.find((k) => k.publicKey === publicKey);
      if (same) throw new WalletError('exists', `this key is already in the keyspace as "${same.name}"`);
      const kp: SecretKeypair = { name, type: 'secp256k1', index: null, privateKey };
      return { ...p, keypairs: [...p.keypairs, kp] };
    }).then(
      (entry) => info(entry.keypairs.find((k) => k.name === name)!),
      (e) => {
        privateKey.fill(0);
        throw e;
      },
    );
  }

  async rename(keyspace: string, oldName: string, newName: string): Promise<void> {
    checkName('keypair', newName);
    await this.change(keyspace, (p) => {
      if (!p.keypairs.some((k) => k.name === oldName))
        throw new WalletError('not_found', `no keypair named "${oldName}"`);
      if (oldName === newName) return p;
      assertNoKeypairNamed(p, newName);
      return { ...p, keypairs: p.keypairs.map((k) => (k.name === oldName ? { ...k, name: newName } : k)) };
    });
  }

  async remove(keyspace: string, name: string): Promise<void> {
    let removed: SecretKeypair | undefined;
    await this.change(keyspace, (p) => {
      removed = p.keypairs.find((k) => k.name === name);
      if (!removed) throw new WalletError('not_found', `no keypair named "${name}"`);
      return { ...p, keypairs: p.keypairs.filter((k) => k !== removed) };
    });
    removed?.privateKey?.fill(0);
  }

  list(keyspace: string): KeypairInfo[] {
    return this.repo.entry(keyspace).keypairs.map(info);
  }

  find(keyspace: string, nameOrPublicKeyHex: string): KeypairInfo | undefined {
    const entry = this.repo.find(keyspace);
    const k = entry && lookup(entry, canonicalPublicKey(nameOrPublicKeyHex) ?? nameOrPublicKeyHex);
    return k ? info(k) : undefined;
  }

  /**
   * The canonical public keys a keypair name or key spelling stands for: a key spelling is its own
   * key, a name is looked up in one keyspace or every keyspace ('*'); empty when no name matches.
   * Works while locked (the index holds the public keys).
   */
  resolveKeys(keyspace: string, nameOrPublicKeyHex: string): string[] {
    const key = canonicalPublicKey(nameOrPublicKeyHex);
    if (key !== null) return [key];
    const names = keyspace === '*' ? this.repo.summaries().map((k) => k.name) : [keyspace];
    const keys = names.map((ks) => this.find(ks, nameOrPublicKeyHex)?.publicKey);
    return [...new Set(keys.filter((k): k is string => k !== undefined))];
  }

  /**
   * Signs with an unlocked keyspace's key. Before the first signature of a session the key's
   * real public key is compared with the one the index shows, so what a user approved to be
   * signed by key X can never come out signed by some other key.
   */
  async sign(keyspace: string, nameOrPublicKeyHex: string, message: Uint8Array): Promise<Uint8Array> {
    if (!(message instanceof Uint8Array)) throw new WalletError('bad_input', 'message must be bytes');
    const entry = this.repo.entry(keyspace);
    const session = this.repo.session(entry);
    const shown = lookup(entry, nameOrPublicKeyHex);
    if (!shown) throw new WalletError('not_found', `no keypair "${nameOrPublicKeyHex}" in keyspace "${keyspace}"`);
    const kp = session.payload.keypairs.find((k) => k.name === shown.name);
    if (!kp) throw new WalletError('not_found', `no keypair "${shown.name}" in keyspace "${keyspace}"`);
    const key = session.keyOf(kp);
    if (key.publicKey !== shown.publicKey) {
      void this.repo.repairIndex(entry.id).catch(() => {});
      throw new WalletError('corrupt', `keypair "${shown.name}": the index showed a wrong public key; it was repaired`);
    }
    session.idle.touch();
    return signWith(kp.type, key.privateKey, message);
  }

  /** One serialized read-modify-write of an unlocked keyspace's payload. */
  private change(
    keyspace: string,
    fn: (p: SecretPayload, entry: IndexKeyspace) => SecretPayload,
  ): Promise<IndexKeyspace> {
    return this.repo.exclusive(async () => {
      await this.repo.reload();
      const entry = this.repo.entry(keyspace);
      const session = this.repo.session(entry);
      await this.repo.update(entry, session, (p) => fn(p, entry));
      session.idle.touch();
      return entry;
    });
  }
}
