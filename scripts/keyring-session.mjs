// Shared by `npm test` and `npm run screenshots`: run a command, exiting on failure, and run a shell
// command inside a private D-Bus session with a freshly unlocked gnome-keyring (the real Secret Service).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '..');
/** Where Debian's nats-server package puts the binary (scripts/ensure-system-deps.sh installs it). */
export const DEBIAN_NATS_SERVER = '/usr/sbin/nats-server';

/** Runs a command in the repo root; any failure ends this process with its status. */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.error) {
    console.error(`cannot run ${cmd}: ${r.error.message}`);
    process.exit(1);
  }
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** Runs `bash args…` inside dbus-run-session with gnome-keyring unlocked (see scripts/test-session.sh). */
export function inKeyringSession(args, env = {}) {
  // A fresh XDG_DATA_HOME: a login keyring left by an earlier run with another password stays locked.
  const xdg = mkdtempSync(join(tmpdir(), 'wallet-keyring-'));
  try {
    run('dbus-run-session', ['--', 'bash', 'scripts/test-session.sh', ...args], {
      env: { ...process.env, ...env, XDG_DATA_HOME: xdg },
    });
  } finally {
    rmSync(xdg, { recursive: true, force: true });
  }
}
