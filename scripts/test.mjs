#!/usr/bin/env node
// `npm test`: bring up the real components, build, then run every suite inside a private
// D-Bus session with an unlocked gnome-keyring so keychain suites use the real Secret Service.
// Never launches Electron.
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
run('bash', ['scripts/ensure-system-deps.sh']);
if (!process.env.NATS_SERVER_BIN) process.env.NATS_SERVER_BIN = join(root, '.cache/bin/nats-server');
if (!process.env.CHROMIUM_BIN && existsSync('/usr/bin/chromium')) process.env.CHROMIUM_BIN = '/usr/bin/chromium';
run('npm', ['run', '-s', 'build']);

// A fresh XDG_DATA_HOME: a login keyring left by an earlier run with another password stays locked.
const xdg = mkdtempSync(join(tmpdir(), 'wallet-keyring-'));
const extra = process.argv.slice(2);
try {
  run('dbus-run-session', ['--', 'bash', 'scripts/test-session.sh', ...extra], {
    env: { ...process.env, XDG_DATA_HOME: xdg },
  });
} finally {
  rmSync(xdg, { recursive: true, force: true });
}
