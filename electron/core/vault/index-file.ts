// The vault index file: schema, load and save of the non-secret keyspace list and its intent log.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { SECRET_STORE_KINDS } from '../../../shared/domain';
import { WalletError } from '../../../shared/errors';
import { writeFileAtomic } from '../../../shared/node/atomic-file';

/**
 * The non-secret index in the data dir: keyspace and keypair names, types, public keys and paths,
 * so the wallet can list them while locked. It also carries an intent log (`pending`) of
 * keychain records being created or deleted, so a crash in between never strands one.
 */
export const INDEX_FILE = 'vault-index.json';

const keypairSchema = z.object({
  name: z.string().min(1).max(64),
  type: z.enum(['secp256k1', 'ed25519']),
  publicKey: z.string().regex(/^[0-9a-f]{64}$|^[0-9a-f]{66}$/),
  path: z.string().nullable(),
});

export const KEYSPACE_ID = /^[0-9a-f]{16}$/;

export const keyspaceSchema = z.object({
  id: z.string().regex(KEYSPACE_ID),
  name: z.string().min(1).max(64),
  store: z.enum(SECRET_STORE_KINDS),
  /**
   * The trusted copy of the keyspace's write counter: its blob must carry at least this generation,
   * so a blob rolled back in the secret store is refused. 0 until its first format-2 write.
   */
  generation: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  keypairs: z.array(keypairSchema),
});

const pendingSchema = z.object({
  id: z.string().regex(KEYSPACE_ID),
  op: z.enum(['create', 'delete']),
  store: z.enum(SECRET_STORE_KINDS),
  at: z.number(),
});

const indexSchema = z.object({
  version: z.literal(1),
  keyspaces: z.array(keyspaceSchema),
  pending: z.array(pendingSchema).default([]),
});

export type IndexData = z.infer<typeof indexSchema>;
export type IndexKeyspace = z.infer<typeof keyspaceSchema>;
export type IndexKeypair = z.infer<typeof keypairSchema>;
export type PendingOp = z.infer<typeof pendingSchema>;

export function emptyIndex(): IndexData {
  return { version: 1, keyspaces: [], pending: [] };
}

/** Reads the index; a missing file is an empty vault, a damaged one is a clear 'corrupt' error. */
export async function loadIndex(dataDir: string): Promise<IndexData> {
  const path = join(dataDir, INDEX_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyIndex();
    throw new WalletError('unavailable', `cannot read the vault index ${path}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new WalletError('corrupt', `the vault index ${path} is damaged (not JSON)`);
  }
  const parsed = indexSchema.safeParse(json);
  if (!parsed.success) throw new WalletError('corrupt', `the vault index ${path} is damaged (bad format)`);
  const names = new Set<string>();
  for (const ks of parsed.data.keyspaces) {
    if (names.has(ks.name)) throw new WalletError('corrupt', `the vault index ${path} lists "${ks.name}" twice`);
    names.add(ks.name);
  }
  return parsed.data;
}

export async function saveIndex(dataDir: string, data: IndexData): Promise<void> {
  await writeFileAtomic(join(dataDir, INDEX_FILE), `${JSON.stringify(data, null, 2)}\n`, 0o600);
}

/**
 * Writes the index; a keyspace's generation never goes down. If another process raised one on disk
 * since this one last read the index, the higher value is kept (in `data` too), so a stale writer
 * cannot reopen a rollback.
 */
export async function saveIndexKeepingGenerations(dataDir: string, data: IndexData): Promise<void> {
  const onDisk = await loadIndex(dataDir).catch(() => null);
  for (const ks of data.keyspaces) {
    const theirs = onDisk?.keyspaces.find((k) => k.id === ks.id);
    if (theirs && theirs.generation > ks.generation) ks.generation = theirs.generation;
  }
  await saveIndex(dataDir, data);
}
