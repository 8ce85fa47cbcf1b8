import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelNames } from '../../shared/ipc/contract';
import { makeDataDir } from '../helpers/tmp';

// The BUILT main entry (out/main/index.js, as Electron would load it) runs in plain Node with a fake
// `electron` module (test/helpers/electron-loader.mjs). The shell's unit tests pass paths in by hand;
// only this run shows that the paths the bundle computes for itself point at files that exist.
const root = resolve(import.meta.dirname, '../..');
const entry = join(root, 'out/main/index.js');
const loader = join(root, 'test/helpers/electron-loader.mjs');

interface Report {
  steps: string[];
  schemes: Array<{ scheme: string; privileges: Record<string, boolean> }>;
  preloadPath?: string;
  webPreferences?: Record<string, unknown>;
  iconPath?: string;
  trayIcons: string[];
  url?: string;
  ipcChannels: string[];
  updaterLog: string[];
  trayMenu?: string[];
  app?: { index: { status: number; body: string }; info?: { ok: boolean; value?: { dataDir: string } } };
}

function runEntry(args: string[], env: Record<string, string> = {}): Promise<{ report: Report; stderr: string }> {
  if (!existsSync(entry)) throw new Error("out/main/index.js is missing: run 'npm run build' (npm test does it first)");
  return new Promise((done, fail) => {
    // Without electron-vite's dev server variable: the app loads its own app:// origin.
    const { ELECTRON_RENDERER_URL: _devServer, ...inherited } = process.env;
    const child = spawn(process.execPath, ['--import', loader, entry, ...args], {
      cwd: root,
      env: { ...inherited, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) return fail(new Error(`entry exited ${code}: ${stderr}${stdout}`));
      done({ report: JSON.parse(line) as Report, stderr });
    });
  });
}

describe('the built main entry, started in plain Node with a fake electron', () => {
  let data: Awaited<ReturnType<typeof makeDataDir>>;
  beforeAll(async () => {
    data = await makeDataDir('main-entry-');
  });
  afterAll(() => data.cleanup());

  it('locks to one instance and registers app:// as privileged before ready, then opens the wallet and the shell', async () => {
    const { report, stderr } = await runEntry(['--data-dir', data.dir, '--secret-store', 'file']);
    expect(report.steps, stderr).toEqual([
      'registerSchemesAsPrivileged',
      'requestSingleInstanceLock',
      'ready',
      'protocol.handle:app',
      'BrowserWindow',
    ]);
    expect(report.schemes).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    // openWallet read the flags from argv; startShell bound the whole contract.
    expect(report.app?.info).toMatchObject({ ok: true, value: { dataDir: data.dir } });
    expect([...report.ipcChannels].sort()).toEqual([...channelNames].sort());
    expect(report.url).toBe('app://wallet/index.html');
  });

  it('computes preload, renderer and assets paths that exist on disk', async () => {
    const { report } = await runEntry(['--data-dir', data.dir, '--secret-store', 'file']);
    expect(report.preloadPath).toMatch(/\.cjs$/);
    expect(statSync(report.preloadPath!).isFile()).toBe(true);
    expect(report.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    // The renderer folder: the app:// handler serves the built page from it.
    expect(report.app?.index.status).toBe(200);
    expect(report.app?.index.body).toBe(readFileSync(join(root, 'out/renderer/index.html'), 'utf8'));
    // The assets folder: window icon and tray icon.
    expect(statSync(report.iconPath!).isFile()).toBe(true);
    expect(report.trayIcons).toHaveLength(1);
    for (const icon of report.trayIcons) expect(statSync(icon).isFile()).toBe(true);
  });

  it('a second instance quits at once and opens nothing', async () => {
    const { report } = await runEntry(['--data-dir', data.dir, '--secret-store', 'file'], {
      FAKE_ELECTRON_LOCK: 'denied',
    });
    expect(report.steps).toEqual(['registerSchemesAsPrivileged', 'requestSingleInstanceLock', 'quit']);
    expect(report.ipcChannels).toEqual([]);
  });

  it('a wallet that cannot open exits non-zero with one line, before any window', async () => {
    const { report, stderr } = await runEntry(['--data-dir', data.dir, '--secret-store', 'nowhere']);
    expect(report.steps).toEqual(['registerSchemesAsPrivileged', 'requestSingleInstanceLock', 'ready', 'exit:1']);
    expect(stderr).toContain('Signing Wallet could not start: --secret-store must be keychain or file');
  });

  it('packaged: icons come from the resources folder, and electron-updater is loaded, checks, and survives a failure', async () => {
    // A resources folder as electron-builder lays it out (extraResources), installed from a deb.
    const resources = join(data.dir, 'resources');
    mkdirSync(join(resources, 'tray'), { recursive: true });
    cpSync(join(root, 'assets/icon.png'), join(resources, 'icon.png'));
    cpSync(join(root, 'assets/tray'), join(resources, 'tray'), { recursive: true });
    writeFileSync(join(resources, 'package-type'), 'deb');
    const { report, stderr } = await runEntry(['--data-dir', data.dir, '--secret-store', 'file'], {
      FAKE_ELECTRON_PACKAGED: resources,
      XDG_CACHE_HOME: join(data.dir, 'cache'),
    });
    expect(report.steps, stderr).toEqual([
      'registerSchemesAsPrivileged',
      'requestSingleInstanceLock',
      'ready',
      'protocol.handle:app',
      'BrowserWindow',
    ]);
    expect(report.iconPath).toBe(join(resources, 'icon.png'));
    expect(report.trayIcons).toEqual([join(resources, 'tray/trayTemplate.png')]);
    // The real electron-updater looked for the feed config packaging writes; its absence is only logged.
    expect(report.updaterLog.join('\n')).toMatch(/^\[updates\] .*app-update\.yml/m);
  });

  describe('packaged, with an update feed on loopback (the feed format electron-builder publishes)', () => {
    const deb = Buffer.from('the 9.9.9 package');
    let feed: Server;
    let url: string;
    let published = deb;
    beforeAll(async () => {
      feed = createServer((req, res) => {
        const file = (req.url ?? '').split('?')[0];
        if (file === '/latest-linux.yml') {
          const sha512 = createHash('sha512').update(published).digest('base64');
          const name = 'signing-wallet_9.9.9_amd64.deb';
          return res.end(
            `version: 9.9.9\nfiles:\n  - url: ${name}\n    sha512: ${sha512}\n    size: ${deb.length}\n` +
              `path: ${name}\nsha512: ${sha512}\nreleaseDate: '2026-01-01T00:00:00.000Z'\n`,
          );
        }
        if (file === '/signing-wallet_9.9.9_amd64.deb') return res.end(deb);
        res.writeHead(404).end();
      });
      await new Promise<void>((r) => feed.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(feed.address() as AddressInfo).port}/`;
    });
    afterAll(() => feed.close());

    async function startPackaged(name: string) {
      const resources = join(data.dir, name);
      mkdirSync(resources);
      writeFileSync(join(resources, 'package-type'), 'deb');
      writeFileSync(
        join(resources, 'app-update.yml'),
        `provider: generic\nurl: ${url}\nupdaterCacheDirName: sw-${name}\n`,
      );
      return runEntry(['--data-dir', join(data.dir, `${name}-data`), '--secret-store', 'file'], {
        FAKE_ELECTRON_PACKAGED: resources,
        XDG_CACHE_HOME: join(data.dir, 'cache'),
      });
    }

    it('a verified download is offered as a restart in the tray', async () => {
      published = deb;
      const { report, stderr } = await startPackaged('good');
      expect(report.updaterLog, stderr).toEqual(['[updates] 9.9.9 downloaded and verified']);
      expect(report.trayMenu?.[0]).toBe('Restart to install 9.9.9');
    });

    it('a download whose sha512 does not match the feed is refused, and the app keeps running', async () => {
      published = Buffer.from('what the feed was signed for');
      const { report, stderr } = await startPackaged('tampered');
      expect(report.updaterLog[0], stderr).toMatch(/^\[updates\] sha512 checksum mismatch/);
      expect(report.trayMenu).toEqual(['Show', 'Lock all', 'Quit']);
    });
  });
});
