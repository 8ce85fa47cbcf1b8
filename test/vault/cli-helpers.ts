import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { at } from '../helpers/at';
import { type CliOptions, type CliResult, runCli, runCliInProcess } from '../helpers/cli';
import { makeDataDir, uniqueKeychainService } from '../helpers/tmp';
import { clearService } from './support';

/** A CLI world: a data dir, a unique keychain service, and a folder for input files (kept out of the data dir). */
export async function cliWorld(label: string) {
  const data = await makeDataDir(`wallet-cli-${label}-`);
  const inputs = await mkdtemp(join(tmpdir(), 'wallet-cli-inputs-'));
  const service = uniqueKeychainService(label);
  const env = { WALLET_KEYCHAIN_SERVICE: service, WALLET_DATA_DIR: data.dir };
  const runs: CliResult[] = [];
  return {
    dir: data.dir,
    service,
    runs,
    /** Writes an input file (password, mnemonic, key, message) and returns its path. */
    async file(name: string, content: string | Uint8Array): Promise<string> {
      const path = join(inputs, name);
      await writeFile(path, content);
      return path;
    },
    /** Runs `crypto-cli --secret-store keychain …args` in this world. */
    async cli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
      const r = await runCli(['--secret-store', 'keychain', ...args], { ...opts, env: { ...env, ...opts.env } });
      runs.push(r);
      return r;
    },
    /** The same, run in-process (fast; for behaviour that does not depend on the real process). */
    async inproc(args: string[], opts: { env?: Record<string, string | undefined> } = {}) {
      const r = await runCliInProcess(['--secret-store', 'keychain', ...args], { env: { ...env, ...opts.env } });
      const result: CliResult = { ...r, signal: null };
      runs.push(result);
      return result;
    },
    async cleanup() {
      await clearService(service);
      await data.cleanup();
      await rm(inputs, { recursive: true, force: true });
    },
  };
}

export type CliWorld = Awaited<ReturnType<typeof cliWorld>>;

/** Success: exit 0, nothing on stderr, and (with --json) one JSON line on stdout. */
export function ok(r: CliResult): unknown {
  expect(r.stderr, r.stderr).toBe('');
  expect(r.code).toBe(0);
  const out = r.stdout.trim();
  return out.startsWith('{') || out.startsWith('[') ? JSON.parse(out) : out;
}

/** Failure: exit 2 and exactly one stderr line, never a stack trace. Returns that line. */
export function failed(r: CliResult): string {
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at |node:internal|\.ts:\d+/);
  return at(lines, 0);
}
