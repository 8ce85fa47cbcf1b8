import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `npm start` itself, in a temporary copy of the project, so no other suite ever sees a stub Electron.
// The copy shares the real node_modules through symlinks, except `electron` (where the stub goes) and
// `electron-vite` (which finds `electron` next to itself), which are copied.
const root = resolve(import.meta.dirname, '../..');
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const FAIL_FAST_MS = 15_000;

function makeProjectCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'npm-start-'));
  for (const f of readdirSync(root).filter((f) =>
    /^(package\.json|electron\.vite\.config\.ts|tsconfig.*\.json)$/.test(f),
  ))
    cpSync(join(root, f), join(dir, f));
  for (const d of ['electron', 'shared', 'renderer']) cpSync(join(root, d), join(dir, d), { recursive: true });
  mkdirSync(join(dir, 'scripts'));
  cpSync(join(root, 'scripts/ensure-electron.mjs'), join(dir, 'scripts/ensure-electron.mjs'));

  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, '.bin'), { recursive: true });
  for (const name of readdirSync(join(root, 'node_modules'))) {
    if (name === '.bin') continue;
    const from = join(root, 'node_modules', name);
    if (name === 'electron') {
      // Only the package as npm installs it: never a binary a developer may have downloaded.
      cpSync(from, join(modules, name), {
        recursive: true,
        filter: (src) => !/^(dist|path\.txt)($|[/\\])/.test(relative(from, src)),
      });
    } else if (name === 'electron-vite') {
      cpSync(from, join(modules, name), { recursive: true });
    } else {
      symlinkSync(from, join(modules, name));
    }
  }
  symlinkSync('../electron-vite/bin/electron-vite.js', join(modules, '.bin/electron-vite'));
  return dir;
}

/** An Electron executable that only records how it was called (cwd, then arguments). */
const STUB = '#!/bin/sh\nprintf \'%s\\n\' "$(pwd -P)" "$@" > "$STUB_ELECTRON_REPORT"\n';

/** What a finished download leaves: the executable, path.txt and dist/version. */
function placeStubElectron(dir: string): void {
  const electron = join(dir, 'node_modules/electron');
  mkdirSync(join(electron, 'dist'), { recursive: true });
  const exe = join(electron, 'dist/electron');
  writeFileSync(exe, STUB);
  chmodSync(exe, 0o755);
  writeFileSync(join(electron, 'path.txt'), 'electron');
  writeFileSync(join(electron, 'dist/version'), `v${electronVersion}`);
}

/**
 * A release of the stub as Electron's mirror serves it (the platform zip), with its sha256 recorded in the
 * copied electron package's checksums.json, as every Electron package records the checksums of its zips.
 */
function stubRelease(dir: string): Map<string, Buffer> {
  const work = mkdtempSync(join(tmpdir(), 'electron-release-'));
  writeFileSync(join(work, 'electron'), STUB);
  chmodSync(join(work, 'electron'), 0o755);
  writeFileSync(join(work, 'version'), `v${electronVersion}`);
  const zipName = `electron-v${electronVersion}-${process.platform}-${process.arch}.zip`;
  // Python's zipfile keeps the executable bit, as Electron's own zips do.
  const zipped = spawnSync(
    'python3',
    [
      '-c',
      'import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], "w") as z:\n  [z.write(f) for f in sys.argv[2:]]',
      zipName,
      'electron',
      'version',
    ],
    { cwd: work, encoding: 'utf8' },
  );
  if (zipped.status !== 0) throw new Error(`python3 zipfile: ${zipped.stderr}`);
  const zip = readFileSync(join(work, zipName));
  rmSync(work, { recursive: true, force: true });
  const checksums = join(dir, 'node_modules/electron/checksums.json');
  const known = JSON.parse(readFileSync(checksums, 'utf8'));
  writeFileSync(checksums, JSON.stringify({ ...known, [zipName]: createHash('sha256').update(zip).digest('hex') }));
  return new Map([[`/v${electronVersion}/${zipName}`, zip]]);
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function npmStart(cwd: string, env: Record<string, string>, wrap: string[] = []): Promise<Run> {
  const base = { ...process.env };
  for (const k of ['ELECTRON_EXEC_PATH', 'ELECTRON_OVERRIDE_DIST_PATH', 'ELECTRON_MIRROR', 'ELECTRON_GET_USE_PROXY'])
    delete base[k];
  const [cmd, ...args] = [...wrap, 'npm', 'start'];
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd, env: { ...base, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

function expectFriendlyFailure(run: Run): void {
  expect(run.code, run.stdout + run.stderr).not.toBe(0);
  expect(run.stderr).toContain('Could not download Electron');
  expect(run.stderr).toContain('npm start');
  expect(run.stderr).toContain('npm run start:web');
  // One paragraph, no stack trace, and electron-vite never reached.
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stderr + run.stdout).not.toContain('Electron uninstall');
  expect(run.ms).toBeLessThan(FAIL_FAST_MS);
}

describe('npm start on a fresh clone', () => {
  it('npm start and npm run dev both make sure of Electron before electron-vite runs', () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(scripts.start).toBe('node scripts/ensure-electron.mjs && electron-vite preview');
    expect(scripts.dev).toBe('node scripts/ensure-electron.mjs && electron-vite dev');
  });

  let dir: string;
  let cache: string;
  let releaseMirror = '';
  const servers: Server[] = [];
  const sockets: Socket[] = [];
  beforeAll(() => {
    dir = makeProjectCopy();
    cache = mkdtempSync(join(tmpdir(), 'electron-cache-'));
  });
  afterAll(() => {
    for (const s of sockets) s.destroy();
    for (const s of servers) s.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  });

  const listen = async (server: Server) => {
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  };

  it('fails within seconds with one paragraph when the download host never answers', async () => {
    // Accepts connections and never replies: what a filtered network looks like to a client.
    const silent = createTcpServer((socket) => sockets.push(socket)) as unknown as Server;
    const mirror = await listen(silent);
    const run = await npmStart(dir, { ELECTRON_MIRROR: mirror, electron_config_cache: cache });
    expectFriendlyFailure(run);
    expect(run.stderr).toContain('no answer from');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it.runIf(spawnSync('unshare', ['-n', 'true']).status === 0)(
    'fails the same way with no network at all (a private network namespace)',
    async () => {
      const run = await npmStart(dir, { electron_config_cache: cache }, ['unshare', '-n']);
      expectFriendlyFailure(run);
    },
  );

  it("downloads through Electron's own installer, and reports its failure the same way", async () => {
    const asked: string[] = [];
    const mirror = await listen(
      createHttpServer((req, res) => {
        asked.push(`${req.method} ${req.url}`);
        res.writeHead(404).end();
      }),
    );
    const run = await npmStart(dir, { ELECTRON_MIRROR: mirror, electron_config_cache: cache });
    expectFriendlyFailure(run);
    expect(run.stderr).toContain('404');
    expect(asked).toContainEqual(
      expect.stringMatching(new RegExp(`^GET /v${electronVersion}/electron-v${electronVersion}-[\\w-]+\\.zip$`)),
    );
  });

  it("a reachable mirror: Electron's installer downloads, checks and unpacks it, then the app runs on it", async () => {
    const release = stubRelease(dir);
    const mirror = await listen(
      createHttpServer((req, res) => {
        const body = release.get(req.url ?? '');
        if (body) res.end(body);
        else res.writeHead(404).end();
      }),
    );
    releaseMirror = mirror;
    const report = join(dir, 'downloaded-electron-report.txt');
    const run = await npmStart(dir, {
      ELECTRON_MIRROR: mirror,
      electron_config_cache: cache,
      STUB_ELECTRON_REPORT: report,
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(readFileSync(join(dir, 'node_modules/electron/path.txt'), 'utf8')).toBe('electron');
    expect(readFileSync(report, 'utf8').trim().split('\n')).toEqual([realpathSync(dir), '.']);
  }, 120_000);

  it.runIf(spawnSync('unshare', ['-n', 'true']).status === 0)(
    'no network, but the binary in the download cache: installs from the cache instead of failing',
    async () => {
      expect(releaseMirror, 'runs after the download above, which filled the cache').not.toBe('');
      const electron = join(dir, 'node_modules/electron');
      rmSync(join(electron, 'dist'), { recursive: true });
      rmSync(join(electron, 'path.txt'));
      const report = join(dir, 'cached-electron-report.txt');
      const env = {
        ELECTRON_MIRROR: releaseMirror,
        electron_config_cache: cache,
        STUB_ELECTRON_REPORT: report,
      };
      const run = await npmStart(dir, env, ['unshare', '-n']);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(readFileSync(report, 'utf8').trim().split('\n')).toEqual([realpathSync(dir), '.']);
    },
    120_000,
  );

  it('with Electron in place, builds the app and runs Electron with it', async () => {
    placeStubElectron(dir);
    const report = join(dir, 'stub-electron-report.txt');
    const run = await npmStart(dir, { STUB_ELECTRON_REPORT: report });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const [cwd, ...args] = readFileSync(report, 'utf8').trim().split('\n');
    expect(cwd).toBe(realpathSync(dir));
    expect(args).toEqual(['.']);
    // `.` is the app: package.json's main, which the build has just written.
    const { main } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(main).toBe('out/main/index.js');
    expect(existsSync(join(dir, main))).toBe(true);
    expect(existsSync(join(dir, 'out/preload/index.cjs'))).toBe(true);
    expect(existsSync(join(dir, 'out/renderer/index.html'))).toBe(true);
  }, 120_000);
});
