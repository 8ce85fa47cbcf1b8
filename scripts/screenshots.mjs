#!/usr/bin/env node
// `npm run screenshots`: builds the renderer, then runs the screens e2e spec (real core, real keychain in a
// private D-Bus session, real sigsocket-server and nats-server, Debian's Chromium) and saves every screen,
// in light and dark, to docs/screenshots/. The same spec also runs in `npm test`, writing to test-results/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.error) {
    console.error(`cannot run ${cmd}: ${r.error.message}`);
    process.exit(1);
  }
  if (r.status !== 0) process.exit(r.status ?? 1);
};

process.env.ELECTRON_SKIP_BINARY_DOWNLOAD = '1';
if (!process.env.NATS_SERVER_BIN) process.env.NATS_SERVER_BIN = join(root, '.cache/bin/nats-server');
if (!existsSync(process.env.NATS_SERVER_BIN)) run('bash', ['scripts/ensure-system-deps.sh']);
run('npx', ['electron-vite', 'build', '--logLevel', 'warn']);

// A fresh XDG_DATA_HOME: a login keyring left by an earlier run with another password stays locked.
const xdg = mkdtempSync(join(tmpdir(), 'wallet-keyring-'));
try {
  run(
    'dbus-run-session',
    [
      '--',
      'bash',
      '-c',
      'eval "$(printf "test\\n" | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null; exec npx playwright test test/e2e/screens.spec.ts',
    ],
    { env: { ...process.env, XDG_DATA_HOME: xdg, SCREENSHOTS_DIR: 'docs/screenshots' } },
  );
} finally {
  rmSync(xdg, { recursive: true, force: true });
}
console.log('screenshots written to docs/screenshots/');
