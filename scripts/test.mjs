#!/usr/bin/env node
// `npm test`: bring up the real components, build, then run every suite inside a private
// D-Bus session with an unlocked gnome-keyring so keychain suites use the real Secret Service.
// Never launches Electron. Extra arguments go to vitest (and then skip the browser suites).
import { existsSync } from 'node:fs';
import { DEBIAN_NATS_SERVER, inKeyringSession, run } from './keyring-session.mjs';

process.env.ELECTRON_SKIP_BINARY_DOWNLOAD = '1';
run('bash', ['scripts/ensure-system-deps.sh']);
if (!process.env.NATS_SERVER_BIN) process.env.NATS_SERVER_BIN = DEBIAN_NATS_SERVER;
if (!process.env.CHROMIUM_BIN && existsSync('/usr/bin/chromium')) process.env.CHROMIUM_BIN = '/usr/bin/chromium';
run('npm', ['run', '-s', 'build']);
inKeyringSession(process.argv.slice(2));
