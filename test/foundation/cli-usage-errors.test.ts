// The built crypto-cli (bin/crypto-cli.js) reports input the user can correct as bad_input with the usage exit code.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { at } from '../helpers/at';
import { REPO_ROOT } from '../helpers/cli';
import { makeDataDir } from '../helpers/tmp';

const BIN = join(REPO_ROOT, 'bin/crypto-cli.js');
const EXIT_USAGE = 2;

/** Runs the shipped entry point in its own process and collects what it prints. */
function runBuiltCli(args: string[], env: Record<string, string> = {}) {
  if (!existsSync(join(REPO_ROOT, 'out/node/crypto-cli.js'))) {
    throw new Error("out/node/crypto-cli.js is missing: run 'npm run build' (npm test does it first)");
  }
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`crypto-cli ${args.join(' ')} did not exit`));
    }, 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('crypto-cli usage errors', () => {
  it('refuses a port that is not a number as bad_input', async () => {
    const r = await runBuiltCli(['--json', 'ui', '--port', 'abc']);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    const { error } = JSON.parse(at(lines, 0));
    expect(error.code).toBe('bad_input');
    expect(error.message).toContain('--port');
    expect(error.message).not.toMatch(/internal/);
  });

  it('refuses a port out of range the same way, in plain text without --json', async () => {
    const r = await runBuiltCli(['ui', '--port', '70000']);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.stderr.trim()).toMatch(/^crypto-cli: .*--port.*expected a TCP port/);
  });

  it('reports a bad WALLET_REQUEST_EXPIRY_MS as bad_input before serving anything', async () => {
    const { dir, cleanup } = await makeDataDir();
    try {
      const r = await runBuiltCli(['--json', '--data-dir', dir, '--secret-store', 'file', 'ui', '--port', '0'], {
        WALLET_REQUEST_EXPIRY_MS: '5',
      });
      expect(r.code).toBe(EXIT_USAGE);
      const { error } = JSON.parse(r.stderr.trim().split('\n').at(-1) ?? '');
      expect(error).toEqual({
        code: 'bad_input',
        message: 'WALLET_REQUEST_EXPIRY_MS must be an integer >= 1000, not 5',
      });
      expect(r.stderr).not.toContain('open http');
    } finally {
      await cleanup();
    }
  });
});
