/** The one BrowserWindow, hardened per the Electron security checklist. */
import type { BrowserWindow, BrowserWindowConstructorOptions, WebContents } from 'electron';

export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  spellcheck: false,
} as const;

export type BrowserWindowCtor = new (opts: BrowserWindowConstructorOptions) => BrowserWindow;

/** Denies navigation, new windows, webviews and every permission for one webContents. */
export function lockDownWebContents(contents: WebContents, isAppUrl: (url: string) => boolean): void {
  contents.on('will-navigate', (event, url) => {
    // Reloads of the app itself are fine; anything else is refused.
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
}

export interface MainWindowOptions {
  preloadPath: string;
  url: string;
  iconPath?: string;
  isAppUrl: (url: string) => boolean;
}

export function createMainWindow(Ctor: BrowserWindowCtor, opts: MainWindowOptions): BrowserWindow {
  const win = new Ctor({
    width: 1100,
    height: 760,
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: 'Signing Wallet',
    icon: opts.iconPath,
    autoHideMenuBar: true,
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: opts.preloadPath },
  });
  lockDownWebContents(win.webContents, opts.isAppUrl);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(opts.url);
  return win;
}
