#!/usr/bin/env node
// Runs before `npm start` and `npm run dev`: makes sure the Electron binary is there, fetching it with
// Electron's own installer (node_modules/electron/install.js) when it is not. Electron 45 has no
// postinstall, and electron-vite only reads the `path.txt` that installer leaves behind.
//
// Rules:
// - An installed binary means no network at all: the check reads only what the installer wrote.
// - No network must fail within seconds, never hang: while the installer runs, the download host is
//   probed with a short timeout (the installer's own request waits minutes on a silent network). A
//   probe that fails ends the installer, unless the installer reported a hit in its download cache.
// - A failure prints one short paragraph, never a stack trace, and names the browser UI.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const PROBE_TIMEOUT_MS = 4000;
const VERDICT_WAIT_MS = 2000;
const CACHE_GRACE_MS = 30_000;
// The host Electron's installer downloads from, unless a mirror is configured (same variables it reads).
const DEFAULT_MIRROR = 'https://github.com/electron/electron/releases/download/';

/** The electron package the start scripts resolve: the same one electron-vite finds. */
function electronDir() {
  return dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
}

/** True when install.js has finished before: version file, path.txt and the executable it names. */
function isInstalled(dir) {
  try {
    const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const installed = readFileSync(join(dir, 'dist', 'version'), 'utf8')
      .trim()
      .replace(/^v/, '');
    const exe = readFileSync(join(dir, 'path.txt'), 'utf8').trim();
    return installed === version && exe !== '' && existsSync(join(dir, 'dist', exe));
  } catch {
    return false;
  }
}

/** The mirror Electron's installer would use: npm config, package config, then ELECTRON_MIRROR. */
function mirror(env) {
  return (
    env.npm_config_electron_mirror ||
    env.NPM_CONFIG_ELECTRON_MIRROR ||
    env.npm_package_config_electron_mirror ||
    env.ELECTRON_MIRROR ||
    DEFAULT_MIRROR
  );
}

/** Resolves to null when the download host answers at all (any HTTP status), else to the reason. */
async function probe(url) {
  try {
    await fetch(url, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    return null;
  } catch (e) {
    if (e?.name === 'TimeoutError') return `no answer from ${new URL(url).host} within ${PROBE_TIMEOUT_MS / 1000} s`;
    return `${new URL(url).host}: ${e?.cause?.code ?? e?.cause?.message ?? e?.message ?? e}`;
  }
}

/**
 * Runs install.js; resolves to null on success, else to the reason. `unreachable` is the probe's verdict.
 * A failed probe ends the installer as soon as it says it must download (its debug log: "Cache miss",
 * "falling back to re-download", "Downloading"), or when it has said nothing either way within
 * VERDICT_WAIT_MS. A binary found in its download cache gets CACHE_GRACE_MS to unpack instead.
 */
function runInstaller(dir, unreachable) {
  return new Promise((done) => {
    const env = { ...process.env };
    // `npm start` asks for the binary explicitly: the skip flag is meant for installs (CI), not for this.
    delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
    env.DEBUG = [env.DEBUG, '@electron/get:index'].filter(Boolean).join(',');
    const child = spawn(process.execPath, [join(dir, 'install.js')], { env, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    let offline = null;
    let stopped = null;
    let grace = null;
    const stop = () => {
      if (stopped || child.exitCode !== null) return;
      stopped = offline;
      child.kill();
    };
    const decide = () => {
      if (!offline || stopped) return;
      if (/Cache miss|falling back to re-download|Downloading /.test(stderr)) stop();
      else if (/Cache hit/.test(stderr) && !grace) grace = setTimeout(stop, CACHE_GRACE_MS).unref();
    };
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      decide();
    });
    unreachable.then((reason) => {
      if (!reason) return;
      offline = reason;
      decide();
      setTimeout(() => grace || stop(), VERDICT_WAIT_MS).unref();
    });
    child.on('error', (e) => done(e.message));
    child.on('close', (code) => {
      if (stopped) return done(stopped);
      if (code === 0) return done(null);
      const lines = stderr.split('\n').filter((line) => line.trim() !== '' && !line.includes('@electron/get:'));
      done((lines[0] ?? `exit code ${code}`).replace(/^\w*Error: /, '').trim());
    });
  });
}

function fail(reason) {
  console.error(
    [
      `Could not download Electron (${reason}).`,
      'The desktop app needs it once: about 100 MB, fetched the first time you start it.',
      'Check your network connection and run `npm start` again,',
      'or run `npm run start:web` to use the same wallet in your browser.',
    ].join('\n'),
  );
  process.exit(1);
}

const dir = electronDir();
if (!isInstalled(dir)) {
  console.error('Fetching Electron (about 100 MB, once)…');
  // A proxy is honoured by the installer itself (ELECTRON_GET_USE_PROXY); a direct probe would misjudge it.
  const unreachable = process.env.ELECTRON_GET_USE_PROXY ? Promise.resolve(null) : probe(mirror(process.env));
  const failed = await runInstaller(dir, unreachable);
  if (failed) fail(failed);
  if (!isInstalled(dir)) fail('the installer finished without leaving the binary');
}
