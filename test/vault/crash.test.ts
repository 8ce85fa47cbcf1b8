import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { captured } from '../helpers/at';
import { makeDataDir, uniqueKeychainService } from '../helpers/tmp';
import { KEYSPACES, stateAfter } from './fixtures/crash-ops';
import { clearService, keychainEntries, keychainVault, PASSWORD, requireKeychainSession } from './support';

const WRITER = resolve(import.meta.dirname, 'fixtures/crash-writer.ts');
const WRITES = 200;

/** Runs the writer and SIGKILLs it `afterCommits` writes in (plus a random few ms, to land mid-write). */
function writeAndKill(dataDir: string, service: string, afterCommits: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, service, String(WRITES)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let last = 0;
  let killing = false;
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    err += d;
  });
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    const lines = out.split('\n').filter((l) => l.startsWith('committed '));
    const newest = lines.at(-1);
    last = newest === undefined ? 0 : Number(newest.slice(10));
    if (!killing && last >= afterCommits) {
      killing = true;
      setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 40));
    }
  });
  return new Promise((done, fail) => {
    child.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL') fail(new Error(`writer ended without being killed (${signal}): ${err}`));
      else done(last);
    });
  });
}

describe('crash safety: kill -9 during rapid keychain writes', () => {
  beforeAll(() => requireKeychainSession());
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  // four kills at spread-out points of the 200-write sequence (each keychain call costs ~10-50 ms here)
  it.each([
    [1, 5],
    [2, 15],
    [3, 30],
    [4, 45],
  ])(
    'round %i: killed after %i+ writes, every keyspace opens with the old or the new content',
    { timeout: 90_000 },
    async (_r, target) => {
      const { dir, cleanup } = await makeDataDir('wallet-crash-');
      cleanups.push(cleanup);
      const service = uniqueKeychainService('crash');
      cleanups.push(() => clearService(service));
      const setup = await keychainVault(service, dir);
      for (const ks of KEYSPACES) await setup.createKeyspace(ks, PASSWORD);
      setup.close();

      const lastCommitted = await writeAndKill(dir, service, target + Math.floor(Math.random() * 10));
      const allowed = [stateAfter(lastCommitted), stateAfter(lastCommitted + 1)];

      const vault = await keychainVault(service, dir, { gcGraceMs: 0 });
      try {
        for (const ks of KEYSPACES) {
          const listedLocked = vault.listKeypairs(ks).map((k) => k.name);
          expect(allowed.map((s) => s[ks])).toContainEqual(listedLocked);
          await vault.unlock(ks, PASSWORD); // never fails to decrypt
          const names = vault.listKeypairs(ks).map((k) => k.name);
          expect(allowed.map((s) => s[ks])).toContainEqual(names);
          const last = names[names.length - 1];
          if (last) expect(await vault.sign(ks, last, new Uint8Array([1]))).toHaveLength(64);
        }
        // opening collected every generation the killed writer left behind
        const entries = await keychainEntries(service);
        const live = new Map<string, string>();
        for (const [account, value] of entries) {
          if (/^rec\.[0-9a-f]{16}$/.test(account)) live.set(account.slice(4), JSON.parse(value).gen);
        }
        expect(live.size).toBe(KEYSPACES.length);
        for (const account of entries.keys()) {
          const m = /^rec\.([0-9a-f]{16})\.([^.]+)\.\d+$/.exec(account);
          if (m) expect(captured(m, 2)).toBe(live.get(captured(m, 1)));
        }
      } finally {
        vault.close();
      }
    },
  );
});
