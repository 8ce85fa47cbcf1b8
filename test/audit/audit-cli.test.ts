/**
 * The audit log's tamper evidence, end to end: a log written with the audit key from the real OS
 * keychain, damaged the ways an attacker with file access would, then checked by `crypto-cli audit
 * verify` and by the documented sha256sum/openssl recipe.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditKeys } from '../../electron/core/audit-chain';
import { AuditLog } from '../../electron/core/requests';
import type { AuditRecord } from '../../electron/core/requests/audit-entry';
import { at, captured } from '../helpers/at';
import { REPO_ROOT, runCliInProcess } from '../helpers/cli';
import { makeDataDir, uniqueKeychainService } from '../helpers/tmp';
import { clearService, keychainEntries, keychainStore, requireKeychainSession } from '../vault/support';

const run = promisify(execFile);

function entry(i: number): AuditRecord {
  return {
    v: 1,
    at: 1_700_000_000_000 + i,
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    event: i % 2 === 0 ? 'arrived' : 'settled',
    state: i % 2 === 0 ? 'pending' : 'signed',
    request: {
      source: { kind: 'nats', endpoint: 'wallet.sign', requester: 'ops-script', verified: true },
      target: { keyspace: 'main', keypair: 'deploy' },
      operation: 'sign',
      payload: { size: 32, sha256: 'cd'.repeat(32) },
      createdAt: 1_700_000_000_000,
      expiresAt: 1_700_000_060_000,
    },
  };
}

/** The recipe block of docs/audit-log.md, exactly as a reader would copy it. */
async function recipeScript(): Promise<string> {
  const doc = await readFile(join(REPO_ROOT, 'docs/audit-log.md'), 'utf8');
  const m = /<!-- recipe[^>]*-->\s*```sh\n([\s\S]*?)```/.exec(doc);
  if (!m) throw new Error('docs/audit-log.md has no recipe block');
  return captured(m);
}

describe('audit log tamper evidence with the real keychain', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  const service = uniqueKeychainService('audit');
  const env = { WALLET_KEYCHAIN_SERVICE: service };
  let publicKey: string;
  let lines: string[];
  let copies = 0;

  beforeAll(async () => {
    requireKeychainSession();
    ({ dir, cleanup } = await makeDataDir('audit-cli-'));
    const keys = await openAuditKeys(await keychainStore(service, dir));
    publicKey = keys.signer.publicKey;
    const log = await AuditLog.open(join(dir, 'audit'), { keys, checkpointEvery: 5 });
    for (let i = 0; i < 12; i++) log.append(entry(i));
    await log.close();
    lines = (await readFile(join(dir, 'audit', 'audit.jsonl'), 'utf8')).split('\n').slice(0, -1);
  });
  afterAll(async () => {
    await clearService(service);
    await cleanup();
  });

  /** A copy of the data dir whose log is replaced by `damaged` lines (the keychain stays the same). */
  async function damagedCopy(damaged: string): Promise<string> {
    const copy = `${dir}-copy${++copies}`;
    await cp(dir, copy, { recursive: true });
    await writeFile(join(copy, 'audit', 'audit.jsonl'), damaged);
    return copy;
  }

  async function verify(dataDir: string) {
    return runCliInProcess(['--data-dir', dataDir, 'audit', 'verify'], { env });
  }

  it('keeps the audit key and the newest checkpoint in the keychain, outside every keyspace', async () => {
    const entries = await keychainEntries(service);
    expect([...entries.keys()].sort()).toEqual(['rec.audit-head', 'rec.audit-key']);
    const head = JSON.parse(JSON.parse(entries.get('rec.audit-head')!).value);
    expect(head.seq).toBe(lines.length - 1);
  });

  it('an intact log verifies: exit 0 with the entry count and the head hash', async () => {
    const r = await verify(dir);
    expect(r.code).toBe(0);
    const lastLine = `${lines.at(-1)}\n`;
    const head = createHash('sha256').update(lastLine).digest('hex');
    expect(r.stdout).toContain(`log verified: ${lines.length} entries, head ${head}`);
    expect(lines.filter((l) => l.includes('"event":"checkpoint"'))).toHaveLength(3);
  });

  it('one edited byte is reported at that line and seq', async () => {
    const damaged = [...lines];
    damaged[3] = at(damaged, 3).replace('"ops-script"', '"ops-scripu"');
    const r = await verify(await damagedCopy(`${damaged.join('\n')}\n`));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^log broken at audit\.jsonl line 4 \(seq 3\): .*was changed/);
  });

  it('a deleted line is reported where its seq goes missing', async () => {
    const damaged = lines.filter((_, i) => i !== 5);
    const r = await verify(await damagedCopy(`${damaged.join('\n')}\n`));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/line 6 \(seq 6\): seq 6 where 5 was expected: the entry with seq 5 is missing/);
  });

  it('two swapped lines are reported at the first of them', async () => {
    const damaged = [...lines];
    [damaged[7], damaged[8]] = [at(damaged, 8), at(damaged, 7)];
    const r = await verify(await damagedCopy(`${damaged.join('\n')}\n`));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/line 8 \(seq 8\): seq 8 where 7 was expected/);
  });

  it('a log truncated in the middle of a line is reported at the cut', async () => {
    const text = `${lines.join('\n')}\n`;
    const cut = text.indexOf(at(lines, 9)) + 120;
    const r = await verify(await damagedCopy(text.slice(0, cut)));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/line 10 \(seq 9\): the line is cut off/);
  });

  it('an end cut after a checkpoint is reported: unsigned lines, or a checkpoint the keychain knows is missing', async () => {
    const lastCheckpoint = lines.findLastIndex((l, i) => i < lines.length - 1 && l.includes('"event":"checkpoint"'));
    const tail = await verify(await damagedCopy(`${lines.slice(0, lastCheckpoint + 3).join('\n')}\n`));
    expect(tail.code).toBe(1);
    expect(tail.stdout).toMatch(
      new RegExp(`line ${lastCheckpoint + 2} \\(seq ${lastCheckpoint + 1}\\): 2 entries after the last checkpoint`),
    );
    const atCheckpoint = await verify(await damagedCopy(`${lines.slice(0, lastCheckpoint + 1).join('\n')}\n`));
    expect(atCheckpoint.code).toBe(1);
    expect(atCheckpoint.stdout).toMatch(/ends at seq \d+ but the keychain recorded a checkpoint at seq \d+/);
  });

  it('a log rewritten and re-signed with another key does not verify', async () => {
    const { dir: other, cleanup: done } = await makeDataDir('audit-forged-');
    try {
      const forger = {
        signer: (await import('../../electron/core/audit-chain')).auditSigner(new Uint8Array(32).fill(9)),
      };
      const log = await AuditLog.open(join(other, 'audit'), {
        keys: { ...forger, saveHead: async () => {}, readHead: async () => null },
        checkpointEvery: 5,
      });
      for (let i = 0; i < 12; i++) log.append(entry(i === 3 ? 99 : i));
      await log.close();
      const r = await verify(await damagedCopy(await readFile(join(other, 'audit', 'audit.jsonl'), 'utf8')));
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/log broken/);
    } finally {
      await done();
    }
  });

  it('the documented recipe (sha256sum, sed, base64, openssl) verifies the log and rejects an edit', async () => {
    const script = join(dir, 'verify-audit.sh');
    await writeFile(script, await recipeScript());
    const logFile = join(dir, 'lines.jsonl');
    await writeFile(logFile, `${lines.join('\n')}\n`);
    const ok = await run('sh', [script, logFile, publicKey], { cwd: dir });
    expect(ok.stdout).toContain('Signature Verified Successfully');
    expect(ok.stdout).toContain(`verified: ${lines.length} lines`);
    const damaged = [...lines];
    damaged[2] = at(damaged, 2).replace('"wallet.sign"', '"wallet.sigm"');
    await writeFile(logFile, `${damaged.join('\n')}\n`);
    await expect(run('sh', [script, logFile, publicKey], { cwd: dir })).rejects.toMatchObject({
      code: 1,
      stdout: expect.stringMatching(/line 4 \(seq 3\): prev is not the SHA-256 of line 3/),
    });
    const forgedSig = [...lines];
    forgedSig[forgedSig.length - 1] = forgedSig
      .at(-1)!
      .replace(/"sig":"(.)/, (_, c) => `"sig":"${c === 'A' ? 'B' : 'A'}`);
    await writeFile(logFile, `${forgedSig.join('\n')}\n`);
    await expect(run('sh', [script, logFile, publicKey], { cwd: dir })).rejects.toMatchObject({ code: 1 });
  });

  it('exports JSON and CSV with the proof; the export verifies offline and an edited export does not', async () => {
    const out = join(dir, 'export.json');
    const made = await runCliInProcess(['--data-dir', dir, 'audit', 'export', '--out', out], { env });
    expect(made.code).toBe(0);
    const doc = JSON.parse(await readFile(out, 'utf8'));
    expect(doc.proof.publicKey).toBe(publicKey);
    expect(doc.lines).toEqual(lines.slice(1));
    expect((await runCliInProcess(['audit', 'verify', '--in', out, '--public-key', publicKey])).code).toBe(0);
    const script = join(dir, 'verify-export.sh');
    await writeFile(script, await recipeScript());
    await writeFile(join(dir, 'export-lines.jsonl'), `${doc.lines.join('\n')}\n`);
    await run('sh', [script, join(dir, 'export-lines.jsonl'), publicKey], { cwd: dir });
    const at = doc.lines.findIndex((l: string, i: number) => i > 2 && l.includes('"state":"signed"'));
    doc.lines[at] = doc.lines[at].replace('"state":"signed"', '"state":"rejected"');
    await writeFile(out, JSON.stringify(doc));
    const edited = await runCliInProcess(['audit', 'verify', '--in', out, '--public-key', publicKey]);
    expect(edited.code).toBe(1);
    expect(edited.stdout).toContain(`lines line ${at + 1} (seq ${JSON.parse(doc.lines[at]).seq}): its SHA-256`);
    const csvOut = join(dir, 'export.csv');
    expect(
      (await runCliInProcess(['--data-dir', dir, 'audit', 'export', '--out', csvOut, '--format', 'csv'], { env })).code,
    ).toBe(0);
    const csv = (await readFile(csvOut, 'utf8')).trim().split('\r\n');
    expect(csv).toHaveLength(lines.length);
    expect(csv.at(-1)).toContain(publicKey);
  });
});
