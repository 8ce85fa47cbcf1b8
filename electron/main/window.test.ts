import { beforeEach, describe, expect, it } from 'vitest';
import { FakeBrowserWindow } from '../../test/helpers/fake-electron';
import { APP_ORIGIN, isTrustedUrl } from './origin';
import { type BrowserWindowCtor, createMainWindow } from './window';

const isAppUrl = (url: string) => isTrustedUrl(url, [APP_ORIGIN]);
const make = () =>
  createMainWindow(FakeBrowserWindow as unknown as BrowserWindowCtor, {
    preloadPath: '/app/out/preload/index.cjs',
    url: `${APP_ORIGIN}/index.html`,
    isAppUrl,
  }) as unknown as FakeBrowserWindow;

describe('createMainWindow', () => {
  beforeEach(() => {
    FakeBrowserWindow.created = [];
  });

  it('uses the hardened webPreferences of the Electron security checklist', () => {
    const win = make();
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      preload: '/app/out/preload/index.cjs',
    });
    expect(win.loadedUrl).toBe('app://wallet/index.html');
  });

  it('denies navigation away from the app, but not within it', () => {
    const { webContents } = make();
    expect(webContents.tryEvent('will-navigate', 'https://evil.example/')).toBe(true);
    expect(webContents.tryEvent('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(webContents.tryEvent('will-redirect', 'https://evil.example/')).toBe(true);
    expect(webContents.tryEvent('will-navigate', 'app://wallet/index.html')).toBe(false);
  });

  it('denies new windows, webviews and every permission', () => {
    const { webContents } = make();
    expect(webContents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(webContents.tryEvent('will-attach-webview', {}, {})).toBe(true);
    let granted: boolean | undefined;
    webContents.permissionRequestHandler?.(null, 'media', (ok: boolean) => {
      granted = ok;
    });
    expect(granted).toBe(false);
    expect(webContents.permissionCheckHandler?.(null, 'notifications')).toBe(false);
  });
});
