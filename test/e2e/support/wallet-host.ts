/**
 * Starts `crypto-cli ui` from source in a child process: the real core, the real keychain (a unique
 * WALLET_KEYCHAIN_SERVICE) and a temp WALLET_DATA_DIR, serving out/renderer. Resolves with the
 * tokenized URL it prints on stderr (`open http://127.0.0.1:PORT/?token=…`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { captured } from '../../helpers/at';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

export interface WalletHost {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  keychainService: string;
  /** Everything the host wrote to stderr so far (to check no secret was logged). */
  stderr(): string;
  stop(): Promise<void>;
}

export async function startWalletHost(env: Record<string, string> = {}): Promise<WalletHost> {
  if (!existsSync(join(REPO_ROOT, 'out/renderer/index.html'))) {
    throw new Error('out/renderer is missing: run `npx electron-vite build` (npm test builds first)');
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'wallet-e2e-'));
  const keychainService = `signing-wallet-e2e-${randomBytes(6).toString('hex')}`;
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'electron/cli/index.ts'), 'ui', '--port', '0'],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, WALLET_DATA_DIR: dataDir, WALLET_KEYCHAIN_SERVICE: keychainService, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`crypto-cli ui printed no URL in 30 s:\n${stderr}`)), 30_000);
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      const m = /open (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolveUrl(captured(m));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`crypto-cli ui exited (${code}) before printing its URL:\n${stderr}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    dataDir,
    keychainService,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const forced = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(forced);
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
