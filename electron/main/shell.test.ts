import { EventEmitter } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelNames } from '../../shared/ipc/contract';
import { at } from '../../test/helpers/at';
import {
  FakeBrowserWindow,
  fakeApp,
  fakeIpcMain,
  fakeProtocol,
  fakeShellExtras,
} from '../../test/helpers/fake-electron';
import { openTestWallet } from '../../test/helpers/wallet';
import { type ElectronLike, type ShellOptions, startShell } from './shell';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function boot(autoUpdater?: ShellOptions['autoUpdater']) {
  FakeBrowserWindow.created = [];
  const rendererDir = await mkdtemp(join(tmpdir(), 'renderer-'));
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>wallet</title>');
  const app = fakeApp();
  const ipcMain = fakeIpcMain();
  const protocol = fakeProtocol();
  const { wallet, close } = await openTestWallet();
  const extras = fakeShellExtras();
  const shell = await startShell(
    { app, BrowserWindow: FakeBrowserWindow, ipcMain, protocol, ...extras } as unknown as ElectronLike,
    { wallet, rendererDir, preloadPath: '/p/index.cjs', assetsDir: '/assets', autoUpdater },
  );
  closers.push(close);
  return { app, ipcMain, protocol, wallet, shell, extras, win: at(FakeBrowserWindow.created, 0) };
}

describe('startShell', () => {
  beforeEach(() => {
    FakeBrowserWindow.created = [];
  });

  it('binds every contract channel and answers only the app origin', async () => {
    const { ipcMain } = await boot();
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...channelNames].sort());
    const info = ipcMain.handlers.get('app:info')!;
    expect(await info({ senderFrame: { url: 'app://wallet/index.html' } })).toMatchObject({ ok: true });
    expect(await info({ senderFrame: { url: 'http://localhost:5173/' } })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('serves the renderer on app://wallet and nothing outside it', async () => {
    const { protocol } = await boot();
    const handler = protocol.handlers.get('app')!;
    const ok = await handler(new Request('app://wallet/index.html'));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('<title>wallet</title>');
    expect((await handler(new Request('app://wallet/..%2f..%2fetc%2fpasswd'))).status).toBe(404);
    expect((await handler(new Request('app://other/index.html'))).status).toBe(404);
  });

  it('hardens every webContents created later, and forwards snapshots to the window', async () => {
    const { app, wallet, win } = await boot();
    const later = new FakeBrowserWindow({});
    app.emit('web-contents-created', {}, later.webContents);
    expect(later.webContents.windowOpenHandler?.({})).toEqual({ action: 'deny' });
    const r = await wallet.handlers['settings:set']({ theme: 'dark' });
    expect(r.theme).toBe('dark');
    await new Promise((res) => wallet.once('snapshot', res));
    const sent = win.webContents.sent as Array<[string, { seq: number; settings: { theme: string } }]>;
    const [event, payload] = at(sent, 0);
    expect(event).toBe('state:snapshot');
    expect(payload.settings.theme).toBe('dark');
  });

  it('focuses the existing window on a second instance instead of opening another', async () => {
    const { app, win } = await boot();
    win.minimized = true;
    app.emit('second-instance');
    expect(FakeBrowserWindow.created).toHaveLength(1);
    expect(win.minimized).toBe(false);
    expect(win.focused).toBe(1);
  });

  it('locks every keyspace when the OS locks the screen or suspends', async () => {
    const { wallet, extras } = await boot();
    for (const event of ['lock-screen', 'suspend']) {
      await wallet.handlers['keyspace:create']({ name: `ks-${event}`, password: 'password123', words: 12 });
      if (!wallet.vault.isUnlocked(`ks-${event}`))
        await wallet.handlers['keyspace:unlock']({ name: `ks-${event}`, password: 'password123' });
      expect(wallet.vault.isUnlocked(`ks-${event}`)).toBe(true);
      extras.powerMonitor.emit(event);
      await new Promise((r) => setImmediate(r));
      expect(wallet.vault.isUnlocked(`ks-${event}`)).toBe(false);
    }
  });

  it('keeps running in the tray when the window closes, and quits from the tray', async () => {
    const { app, win } = await boot();
    win.close();
    app.emit('window-all-closed');
    expect(app.quitCalls).toBe(0);
  });
});

/** electron-updater's autoUpdater, recording checks and installs. */
class FakeAutoUpdater extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  allowPrerelease = false;
  allowDowngrade = false;
  disableWebInstaller = false;
  forceDevUpdateConfig = false;
  checks = 0;
  installs = 0;
  async checkForUpdates() {
    this.checks++;
    return null;
  }
  quitAndInstall() {
    this.installs++;
  }
}

describe('startShell with updates (a packaged app)', () => {
  const snapshotAfter = (wallet: Awaited<ReturnType<typeof boot>>['wallet']) =>
    new Promise((res) => wallet.once('snapshot', res));

  it('the "Check for updates" setting, set through IPC, turns checking off and on', async () => {
    const updater = new FakeAutoUpdater();
    const { wallet } = await boot(updater);
    expect(updater.checks).toBe(1);
    await wallet.handlers['settings:set']({ checkForUpdates: false });
    await snapshotAfter(wallet);
    await wallet.handlers['settings:set']({ checkForUpdates: true });
    await snapshotAfter(wallet);
    expect(updater.checks).toBe(2);
  });

  it('a downloaded update appears in the tray; restarting waits for the real queue to empty', async () => {
    const updater = new FakeAutoUpdater();
    const { wallet, extras } = await boot(updater);
    const sub = wallet.queue.submit({
      source: { kind: 'local', endpoint: 'gui', verified: true },
      target: { keyspace: 'ks', keypair: '02'.padEnd(66, '1') },
      operation: 'sign',
      payload: new Uint8Array([1]),
    });
    updater.emit('update-downloaded', { version: '9.9.9' });
    const notice = () => at(extras.Tray.last!.menu, 0);
    expect(notice()).toMatchObject({ label: 'Restart to install 9.9.9', enabled: true });
    notice().click!();
    expect(updater.installs).toBe(0);
    expect(notice()).toMatchObject({ label: 'Update ready, restart when the queue is empty', enabled: false });
    wallet.queue.reject(sub.id);
    await snapshotAfter(wallet);
    expect(updater.installs).toBe(1);
  });
});
