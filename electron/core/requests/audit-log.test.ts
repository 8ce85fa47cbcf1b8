import { appendFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { at } from '../../../test/helpers/at';
import { makeDataDir } from '../../../test/helpers/tmp';
import { type AuditKeys, auditSigner, type ChainHead, readRawLines, verifyChain } from '../audit-chain';
import type { AuditRecord } from './audit-entry';
import { exportAuditWithProof } from './audit-export';
import { AuditLog } from './audit-log';
import { queryAudit } from './audit-query';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function freshDir(): Promise<string> {
  const { dir, cleanup } = await makeDataDir('audit-');
  cleanups.push(cleanup);
  return dir;
}

/** An audit key held in memory, with the keychain's head record as a variable. */
function memoryKeys(): AuditKeys & { head: ChainHead | null } {
  const keys = {
    signer: auditSigner(new Uint8Array(32).fill(7)),
    head: null as ChainHead | null,
    saveHead: async (h: ChainHead) => {
      keys.head = h;
    },
    readHead: async () => keys.head,
  };
  return keys;
}

function exportAudit(log: AuditLog, format: 'json' | 'csv', filter = {}) {
  return log.checkpointAndFlush().then(() => exportAuditWithProof(log.files(), format, filter));
}

function entry(i: number, overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    v: 1,
    at: 1_000 + i,
    id: `id-${i}`,
    event: 'settled',
    state: i % 2 === 0 ? 'signed' : 'rejected',
    request: {
      source: { kind: 'nats', endpoint: 'wallet.sign', requester: i % 3 === 0 ? 'alice' : 'bob', verified: true },
      target: { keyspace: 'ks', keypair: i % 2 === 0 ? '02aa' : '03bb' },
      operation: 'sign',
      payload: { size: 10, sha256: 'ab'.repeat(32) },
      createdAt: 1_000 + i,
      expiresAt: 61_000 + i,
    },
    ...overrides,
  };
}

describe('AuditLog', () => {
  it('rotates by size, keeps maxFiles rotated files, and reads back oldest first across them', async () => {
    const dir = await freshDir();
    const log = await AuditLog.open(dir, { maxBytes: 2_000, maxFiles: 3 });
    for (let i = 0; i < 60; i++) {
      log.append(entry(i));
      if (i % 5 === 4) await log.flush();
    }
    await log.flush();
    const files = (await readdir(dir)).sort();
    expect(files).toEqual(['audit.1.jsonl', 'audit.2.jsonl', 'audit.3.jsonl', 'audit.jsonl']);
    for (const f of files) expect((await stat(join(dir, f))).size).toBeLessThanOrEqual(2_200);
    const ids: string[] = [];
    for await (const e of log.entries()) ids.push(e.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.at(-1)).toBe('id-59');
    const numbers = ids.map((id) => Number(id.slice(3)));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b)); // oldest first, no gaps inside what is kept
    expect(at(numbers, -1) - at(numbers, 0) + 1).toBe(numbers.length);
    await log.close();
  });

  it('writes the lines of one turn in one write once the turn is over, without being asked to flush', async () => {
    const log = await AuditLog.open(await freshDir());
    for (let i = 0; i < 3; i++) log.append(entry(i));
    expect(log.stats.batchesWritten).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(log.stats).toMatchObject({ linesWritten: 4, batchesWritten: 1 }); // the chain start and the three
    log.append(entry(3));
    await log.flush();
    expect(log.stats).toMatchObject({ linesWritten: 5, batchesWritten: 2 });
    await log.close();
  });

  it('a busy log gathers the lines of many turns into one write per interval, in order', async () => {
    const dir = await freshDir();
    const log = await AuditLog.open(dir, { minWriteIntervalMs: 1_000 });
    log.append(entry(0));
    await log.flush();
    expect(log.stats.batchesWritten).toBe(1);
    for (let i = 1; i <= 20; i++) {
      log.append(entry(i));
      await new Promise((r) => setImmediate(r));
    }
    expect(log.stats.batchesWritten).toBe(1); // twenty turns, still inside the interval: nothing written yet
    await new Promise((r) => setTimeout(r, 1_200));
    expect(log.stats).toMatchObject({ linesWritten: 22, batchesWritten: 2 }); // then all twenty in one write
    const ids: string[] = [];
    for await (const e of log.entries()) ids.push(e.id);
    expect(ids).toEqual(Array.from({ length: 21 }, (_, i) => `id-${i}`));
    await log.close();
  });

  it('skips corrupt and torn lines without crashing, and counts them', async () => {
    const dir = await freshDir();
    const log = await AuditLog.open(dir);
    log.append(entry(1));
    await log.flush();
    await appendFile(join(dir, 'audit.jsonl'), '{"v":1,"at":5,"id":"torn","ev\n\u0000garbage\n{"v":2}\n\n');
    log.append(entry(2));
    const page = await queryAudit(log);
    expect(page.entries.map((e) => e.id)).toEqual(['id-2', 'id-1']);
    expect(page.skipped).toBe(3);
    await log.close();
  });

  it('keeps entries when the disk refuses a write, and writes them once it accepts again', async () => {
    const dir = await freshDir();
    const auditDir = join(dir, 'audit');
    const warnings: string[] = [];
    const log = await AuditLog.open(auditDir, { warn: (m) => warnings.push(m) });
    await rm(auditDir, { recursive: true });
    await writeFile(auditDir, 'in the way');
    log.append(entry(1));
    await log.flush();
    expect(warnings[0]).toMatch(/write failed/);
    await rm(auditDir);
    await mkdir(auditDir);
    log.append(entry(2));
    await log.flush();
    const lines = (await readFile(join(auditDir, 'audit.jsonl'), 'utf8')).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).id)).toEqual([undefined, 'id-1', 'id-2']);
    expect(lines.map((l) => JSON.parse(l).seq)).toEqual([0, 1, 2]);
    await log.close();
  });
});

describe('queryAudit and exportAudit', () => {
  async function filled(): Promise<AuditLog> {
    const log = await AuditLog.open(await freshDir(), { keys: memoryKeys() });
    for (let i = 0; i < 30; i++) log.append(entry(i, i === 7 ? { reason: 'Phishing attempt' } : {}));
    return log;
  }

  it('filters by requester, keypair, state, time range and text, newest first with paging', async () => {
    const log = await filled();
    const alice = await queryAudit(log, { requester: 'alice' });
    expect(alice.entries.every((e) => e.request.source.requester === 'alice')).toBe(true);
    expect(alice.total).toBe(10);
    expect((await queryAudit(log, { keypair: '03bb', state: 'rejected' })).total).toBe(15);
    expect((await queryAudit(log, { keypair: '03bb', state: 'signed' })).total).toBe(0);
    const range = await queryAudit(log, { from: 1_010, to: 1_014 });
    expect(range.entries.map((e) => e.id)).toEqual(['id-14', 'id-13', 'id-12', 'id-11', 'id-10']);
    expect((await queryAudit(log, { text: 'phishing' })).entries.map((e) => e.id)).toEqual(['id-7']);
    const page = await queryAudit(log, { limit: 3, offset: 2 });
    expect(page.entries.map((e) => e.id)).toEqual(['id-27', 'id-26', 'id-25']);
    expect(page.total).toBe(30);
    await expect(queryAudit(log, { limit: -1 })).rejects.toMatchObject({ code: 'bad_input' });
    await expect(queryAudit(log, { sneaky: 1 })).rejects.toMatchObject({ code: 'bad_input' });
    await log.close();
  });

  it('exports JSON and CSV with the lines and checkpoint that prove them; CSV is quoted and formula-safe', async () => {
    const keys = memoryKeys();
    const log = await AuditLog.open(await freshDir(), { keys });
    log.append(entry(1, { reason: '=HYPERLINK("http://evil")' }));
    log.append(entry(2, { reason: 'said "hi", then left' }));
    const json = JSON.parse(await exportAudit(log, 'json'));
    expect(json.entries.map((e: AuditRecord) => e.id)).toEqual(['id-2', 'id-1']);
    expect(json.entries.map((e: { seq: number }) => e.seq)).toEqual([2, 1]);
    expect(json.proof).toMatchObject({ seq: 3, signs: { seq: 2 }, publicKey: keys.signer.publicKey });
    const lines = (async function* () {
      let line = 0;
      for (const text of json.lines as string[]) yield { file: 'x', line: ++line, bytes: Buffer.from(`${text}\n`) };
    })();
    const report = await verifyChain(lines, { trustedKey: keys.signer.publicKey });
    expect(report).toMatchObject({ ok: true, entries: 3, signed: { seq: 2 } });
    const csv = await exportAudit(log, 'csv', { requester: 'bob' });
    const rows = csv.trim().split('\r\n');
    expect(at(rows, 0).split(',').slice(0, 3)).toEqual(['seq', 'matched', 'time']);
    expect(rows.map((r) => r.split(',')[0])).toEqual(['seq', '"1"', '"2"', '"3"']);
    expect(csv).toContain('"said ""hi"", then left"');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    await expect(exportAudit(log, 'xml' as never)).rejects.toMatchObject({ code: 'bad_input' });
    await log.close();
  });

  it('keeps the chain across rotation and restarts, and checkpoints every N lines and on close', async () => {
    const dir = await freshDir();
    const keys = memoryKeys();
    let log = await AuditLog.open(dir, { keys, maxBytes: 3_000, maxFiles: 50, checkpointEvery: 4 });
    for (let i = 0; i < 20; i++) log.append(entry(i));
    await log.close();
    log = await AuditLog.open(dir, { keys, maxBytes: 3_000, maxFiles: 50, checkpointEvery: 4 });
    log.append(entry(20));
    await log.close();
    expect((await readdir(dir)).length).toBeGreaterThan(2);
    const report = await verifyChain(readRawLines(log.files()), {
      trustedKey: keys.signer.publicKey,
      anchor: keys.head,
    });
    // 1 chain start + 21 entries, a checkpoint after every 4 lines and one on each close
    expect(report).toMatchObject({ ok: true, unsignedTail: 0, firstSeq: 0 });
    expect(report.entries).toBe(22 + 5 + 1 + 1);
    expect(keys.head?.seq).toBe(report.head?.seq);
  });

  it('starts a chain at the end of a log written before chaining, and says so in the log', async () => {
    const dir = await freshDir();
    const legacy = `${JSON.stringify(entry(1))}\n${JSON.stringify(entry(2))}\n`;
    await writeFile(join(dir, 'audit.jsonl'), legacy);
    const keys = memoryKeys();
    const log = await AuditLog.open(dir, { keys });
    log.append(entry(3));
    await log.close();
    const lines = (await readFile(join(dir, 'audit.jsonl'), 'utf8')).split('\n');
    expect(JSON.parse(at(lines, 2))).toMatchObject({
      seq: 0,
      event: 'chain-start',
      note: expect.stringMatching(/not chained/),
    });
    const report = await verifyChain(readRawLines(log.files()), { trustedKey: keys.signer.publicKey });
    expect(report).toMatchObject({ ok: true, unchained: 2, entries: 3 });
    expect((await queryAudit(log)).entries.map((e) => e.id)).toEqual(['id-3', 'id-2', 'id-1']);
  });

  it('drops a torn last line on open, and records a log cut while closed before the keychain forgets it', async () => {
    const dir = await freshDir();
    const keys = memoryKeys();
    let log = await AuditLog.open(dir, { keys, checkpointEvery: 2 });
    for (let i = 0; i < 5; i++) log.append(entry(i));
    await log.close();
    const file = join(dir, 'audit.jsonl');
    const whole = await readFile(file, 'utf8');
    await writeFile(file, `${whole}{"seq":99,"prev":"ab`);
    log = await AuditLog.open(dir, { keys });
    await log.close();
    expect((await verifyChain(readRawLines(log.files()), { anchor: keys.head })).ok).toBe(true);
    // Cut the log back to its first checkpoint: the chain is intact, but the keychain knows better.
    const lines = (await readFile(file, 'utf8')).split('\n');
    const firstCheckpoint = lines.findIndex((l) => l.includes('"event":"checkpoint"'));
    await writeFile(file, `${lines.slice(0, firstCheckpoint + 1).join('\n')}\n`);
    const cut = await verifyChain(readRawLines(log.files()), { anchor: keys.head });
    expect(cut.break?.problem).toMatch(/cut off the end/);
    const warnings: string[] = [];
    log = await AuditLog.open(dir, { keys, warn: (m) => warnings.push(m) });
    await log.close();
    expect(warnings.join()).toMatch(/does not verify/);
    const after = await verifyChain(readRawLines(log.files()), { anchor: keys.head });
    expect(after.break?.problem).toMatch(/chain start inside the chain \(found at open: .*cut off the end/);
  });
});
