import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { at } from '../../../test/helpers/at';
import { makeDataDir } from '../../../test/helpers/tmp';
import { SeenKeys } from '../contacts/seen-keys';
import { createFileStore } from '../vault/file-store';
import { loadIndex } from '../vault/index-file';
import { BACKUP_FORMAT } from './backup-document';
import { parseBackup, restoreBackup } from './restore-backup';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function keyspace(id: string, name: string) {
  return { id, name, generation: 1, keypairs: [], blob: `{"v":2,"sealed":"${id}"}` };
}

function document(keyspaces: ReturnType<typeof keyspace>[]) {
  return {
    format: BACKUP_FORMAT,
    version: 1,
    createdAt: new Date(0).toISOString(),
    appVersion: 'test',
    keyspaces,
    policies: null,
    settings: null,
    contacts: null,
    audit: { head: null, publicKey: null },
  };
}

const bytes = (doc: unknown) => new TextEncoder().encode(JSON.stringify(doc));

describe('parseBackup and restoreBackup', () => {
  it('refuses a crafted backup whose keyspaces share a name or an id (the index could not be opened again)', () => {
    const sameName = document([keyspace('00000000000000aa', 'main'), keyspace('00000000000000bb', 'main')]);
    expect(() => parseBackup(bytes(sameName))).toThrow(/share a name/);
    const sameId = document([keyspace('00000000000000aa', 'a'), keyspace('00000000000000aa', 'b')]);
    expect(() => parseBackup(bytes(sameId))).toThrow(/share an id/);
    // An id is a keyspace id, never another record of the secret store (the audit key, the NATS secret).
    expect(() => parseBackup(bytes(document([keyspace('audit-key', 'a')])))).toThrow(/not a backup/);
    expect(() => parseBackup(bytes({ ...document([]), version: 2 }))).toThrow(/not a backup this version can read/);
    expect(() => parseBackup(bytes({ ...document([]), extra: 'field' }))).toThrow(/not a backup/);
  });

  it('writes blobs under their ids, then the index, and leaves no intent behind', async () => {
    const { dir, cleanup } = await makeDataDir('restore-');
    cleanups.push(cleanup);
    const store = createFileStore(dir);
    const doc = parseBackup(bytes(document([keyspace('00000000000000aa', 'main')])));
    const report = await restoreBackup(doc, { dataDir: dir, store });
    expect(report).toMatchObject({ restored: ['main'], replaced: [], settings: 'absent', contacts: 'absent' });
    expect((await store.read('00000000000000aa'))?.value).toBe(at(doc.keyspaces, 0).blob);
    const index = await loadIndex(dir);
    expect(index).toMatchObject({ keyspaces: [{ id: '00000000000000aa', name: 'main', store: 'file' }], pending: [] });
    await expect(restoreBackup(doc, { dataDir: dir, store })).rejects.toThrow(/already exists here/);
    expect(doc.seenRequesters).toBeUndefined();
    expect(JSON.parse(await readFile(join(dir, 'vault-index.json'), 'utf8')).keyspaces).toHaveLength(1);
  });

  it('restores the seen requester keys with the contacts, so they are not new again', async () => {
    const { dir, cleanup } = await makeDataDir('restore-');
    cleanups.push(cleanup);
    const key = `02${'79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798'}`;
    const seen = { version: 1, keys: [{ key, firstSeenAt: 1234 }] };
    const doc = parseBackup(bytes({ ...document([keyspace('00000000000000aa', 'main')]), seenRequesters: seen }));
    await restoreBackup(doc, { dataDir: dir, store: createFileStore(dir) });
    expect((await SeenKeys.open(dir)).firstSeenAt(key)).toBe(1234);
    expect(() =>
      parseBackup(bytes({ ...document([]), seenRequesters: { version: 1, keys: [{ key: '02zz' }] } })),
    ).toThrow(/not a backup/);
  });
});
