import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { channelNames } from '../../shared/ipc/contract';
import { Wallet } from '../core/wallet';
import { FakeBrowserWindow, fakeApp, fakeIpcMain, fakeProtocol } from '../../test/helpers/fake-electron';
import { type ElectronLike, startShell } from './shell';

class TestWallet extends Wallet {
  bump() {
    this.publish();
  }
}

async function boot() {
  FakeBrowserWindow.created = [];
  const rendererDir = await mkdtemp(join(tmpdir(), 'renderer-'));
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>wallet</title>');
  const app = fakeApp();
  const ipcMain = fakeIpcMain();
  const protocol = fakeProtocol();
  const wallet = new TestWallet({
    name: 'Signing Wallet',
    version: '1.0.0',
    dataDir: '/tmp/data',
    secretStore: { kind: 'keychain', description: 'OS keychain', warning: null },
  });
  const shell = await startShell(
    { app, BrowserWindow: FakeBrowserWindow, ipcMain, protocol } as unknown as ElectronLike,
    { wallet, rendererDir, preloadPath: '/p/index.cjs', assetsDir: '/assets' },
  );
  return { app, ipcMain, protocol, wallet, shell, win: FakeBrowserWindow.created[0] };
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
    wallet.bump();
    expect(win.webContents.sent).toEqual([['state:snapshot', { seq: 1 }]]);
  });

  it('focuses the existing window on a second instance instead of opening another', async () => {
    const { app, win } = await boot();
    win.minimized = true;
    app.emit('second-instance');
    expect(FakeBrowserWindow.created).toHaveLength(1);
    expect(win.minimized).toBe(false);
    expect(win.focused).toBe(1);
  });
});
