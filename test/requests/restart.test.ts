import { spawn } from 'node:child_process';
import { appendFile, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { queryAudit } from '../../electron/core/requests/audit-query';
import { RequestQueue } from '../../electron/core/requests/queue';
import { RESTART_REASON } from '../../electron/core/requests/recovery';
import { makeDataDir } from '../helpers/tmp';
import { MemorySigner } from './memory-signer';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** Runs the crash child until it reports, then SIGKILLs it. */
function crashChild(dataDir: string): Promise<{ signed: string; pending: string[] }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', resolve(import.meta.dirname, 'fixtures/crash-child.ts'), dataDir],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((done, fail) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.stdout.on('data', (d) => {
      out += d;
      if (!out.includes('\n')) return;
      child.kill('SIGKILL');
      child.once('exit', () => done(JSON.parse(out)));
    });
    child.once('exit', (code) => {
      if (!out.includes('\n')) fail(new Error(`child exited (${code}) before reporting: ${err}`));
    });
  });
}

describe('restart after a crash', () => {
  it('records every request left pending as expired, once, and leaves settled ones alone', async () => {
    const { dir, cleanup } = await makeDataDir('restart-');
    cleanups.push(cleanup);
    const { signed, pending } = await crashChild(dir);
    // The crash may also tear a line mid-write: it is removed on open (never a whole entry), not fatal.
    await appendFile(join(dir, 'audit', 'audit.jsonl'), '{"v":1,"at":1,"id":"torn","event":"arr');

    const queue = await RequestQueue.open({ dataDir: dir, signer: new MemorySigner() });
    expect(queue.expiredOnStart.sort()).toEqual([...pending].sort());
    const expired = await queryAudit(queue.audit, { event: 'settled', state: 'expired' });
    expect(expired.entries.map((e) => e.id).sort()).toEqual([...pending].sort());
    expect(expired.entries.every((e) => e.reason === RESTART_REASON)).toBe(true);
    expect(expired.skipped).toBe(0);
    expect(await readFile(join(dir, 'audit', 'audit.jsonl'), 'utf8')).not.toContain('"id":"torn"');
    expect((await queue.audit.verify()).ok).toBe(true);
    const signedEntries = await queryAudit(queue.audit, { id: signed, event: 'settled' });
    expect(signedEntries.entries.map((e) => e.state)).toEqual(['signed']);
    expect(queue.snapshot()).toEqual([]);
    await queue.close();

    const again = await RequestQueue.open({ dataDir: dir, signer: new MemorySigner() });
    expect(again.expiredOnStart).toEqual([]);
    expect((await queryAudit(again.audit, { state: 'expired' })).total).toBe(2);
    await again.close();
  }, 30_000);

  it('a clean close leaves nothing to recover', async () => {
    const { dir, cleanup } = await makeDataDir('restart-');
    cleanups.push(cleanup);
    const signer = new MemorySigner();
    const pub = signer.addKeypair('ks');
    const queue = await RequestQueue.open({ dataDir: dir, signer });
    queue.submit({
      source: { kind: 'local', endpoint: 'gui', verified: true },
      target: { keyspace: 'ks', keypair: pub },
      operation: 'sign',
      payload: new Uint8Array([1]),
    });
    await queue.close();
    const reopened = await RequestQueue.open({ dataDir: dir, signer });
    expect(reopened.expiredOnStart).toEqual([]);
    const settled = await queryAudit(reopened.audit, { event: 'settled' });
    expect(settled.entries.map((e) => e.reason)).toEqual(['the wallet is shutting down']);
    await reopened.close();
  });
});
