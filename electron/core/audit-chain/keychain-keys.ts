/**
 * The audit key and the newest checkpoint live in the wallet's secret store (the OS keychain) under
 * their own records, outside every keyspace: signing a checkpoint never needs an unlock, and a
 * person who can edit the data dir can neither re-sign the log nor hide a cut-off end.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { type SecretStore, VersionConflict } from '../vault/store-types';
import { type AuditSigner, auditSigner } from './audit-key';
import type { ChainHead } from './verify-chain';

export const AUDIT_KEY_RECORD = 'audit-key';
export const AUDIT_HEAD_RECORD = 'audit-head';

const keyRecordSchema = z.strictObject({ v: z.literal(1), ed25519: z.string().regex(/^[0-9a-f]{64}$/) });
const headRecordSchema = z.strictObject({
  v: z.literal(1),
  seq: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/** What the audit log needs from the keychain while it writes. */
export interface AuditKeys {
  signer: AuditSigner;
  /** Records the newest checkpoint line (after it reached the disk). */
  saveHead(head: ChainHead): Promise<void>;
  /** The newest recorded checkpoint line, or null. */
  readHead(): Promise<ChainHead | null>;
}

/** What a verifier trusts: the audit public key and the newest recorded checkpoint (null when absent). */
export interface AuditTrust {
  publicKey: string | null;
  anchor: ChainHead | null;
}

function parseRecord<T>(schema: z.ZodType<T>, value: string, what: string): T {
  try {
    return schema.parse(JSON.parse(value));
  } catch {
    throw new Error(`the keychain's ${what} record is damaged`);
  }
}

/** The audit key, created on first use. Two processes creating it at once agree on one. */
export async function openAuditKeys(store: SecretStore): Promise<AuditKeys> {
  let record = await store.read(AUDIT_KEY_RECORD);
  if (!record) {
    const value = JSON.stringify({ v: 1, ed25519: randomBytes(32).toString('hex') });
    try {
      await store.write(AUDIT_KEY_RECORD, value, { expectedVersion: null });
    } catch (e) {
      if (!(e instanceof VersionConflict)) throw e;
    }
    record = await store.read(AUDIT_KEY_RECORD);
    if (!record) throw new Error('the audit key could not be stored');
  }
  const { ed25519 } = parseRecord(keyRecordSchema, record.value, 'audit key');
  const signer = auditSigner(Buffer.from(ed25519, 'hex'));
  return {
    signer,
    saveHead: async (head) => {
      await store.write(AUDIT_HEAD_RECORD, JSON.stringify({ v: 1, seq: head.seq, sha256: head.sha256 }));
    },
    readHead: () => readHead(store),
  };
}

async function readHead(store: SecretStore): Promise<ChainHead | null> {
  const head = await store.read(AUDIT_HEAD_RECORD);
  if (!head) return null;
  const { seq, sha256 } = parseRecord(headRecordSchema, head.value, 'audit head');
  return { seq, sha256 };
}

/** Reads the audit key's public half and the recorded checkpoint without creating anything. */
export async function readAuditTrust(store: SecretStore): Promise<AuditTrust> {
  const key = await store.read(AUDIT_KEY_RECORD);
  const publicKey = key
    ? auditSigner(Buffer.from(parseRecord(keyRecordSchema, key.value, 'audit key').ed25519, 'hex')).publicKey
    : null;
  return { publicKey, anchor: await readHead(store) };
}
