#!/usr/bin/env node
// `npm run screenshots`: builds the renderer, then runs the screens e2e spec (real core, real keychain in a
// private D-Bus session, real sigsocket-server and nats-server, Debian's Chromium) and saves every screen,
// in light and dark, to docs/screenshots/. The same spec also runs in `npm test`, writing to test-results/.
import { existsSync } from 'node:fs';
import { DEBIAN_NATS_SERVER, inKeyringSession, run } from './keyring-session.mjs';

process.env.ELECTRON_SKIP_BINARY_DOWNLOAD = '1';
if (!process.env.NATS_SERVER_BIN) process.env.NATS_SERVER_BIN = DEBIAN_NATS_SERVER;
if (!existsSync(process.env.NATS_SERVER_BIN)) run('bash', ['scripts/ensure-system-deps.sh']);
run('npm', ['run', '-s', 'build']);
inKeyringSession(['--e2e', 'test/e2e/screens.spec.ts'], { SCREENSHOTS_DIR: 'docs/screenshots' });
