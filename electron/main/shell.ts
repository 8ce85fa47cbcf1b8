/**
 * The thin Electron shell: registers the app:// protocol, hardens every webContents, binds IPC,
 * opens the window and forwards the core's snapshots. Electron's modules come in as parameters
 * so this wiring is unit-tested with fakes (the Electron binary cannot run on CI).
 */
import { join } from 'node:path';
import type { BrowserWindow } from 'electron';
import type { EventName, EventPayload } from '../../shared/ipc/contract';
import type { Wallet } from '../core/wallet';
import { createDispatcher } from '../core/wallet/dispatch';
import { appProtocolHandler } from './app-protocol';
import { type AttentionDeps, createAttention } from './attention';
import { bindIpc, type IpcMainLike } from './ipc-bind';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, isTrustedUrl, originOf } from './origin';
import { createTray, type TrayDeps, type WalletTray } from './tray';
import { type AutoUpdaterLike, createUpdater, type UpdateStatus, WAITING_MESSAGE } from './updater';
import { type BrowserWindowCtor, createMainWindow, lockDownWebContents } from './window';

/** The Electron modules the shell touches, narrowed so tests can fake them. */
export interface ElectronLike {
  app: {
    on(event: string, listener: (...args: never[]) => void): unknown;
    quit(): void;
  };
  BrowserWindow: BrowserWindowCtor;
  ipcMain: IpcMainLike;
  protocol: { handle(scheme: string, handler: (req: Request) => Promise<Response>): void };
  Tray: TrayDeps['Tray'];
  Menu: TrayDeps['Menu'];
  nativeImage: TrayDeps['nativeImage'];
  Notification: AttentionDeps['Notification'];
  powerMonitor: { on(event: 'lock-screen' | 'suspend', listener: () => void): unknown };
  platform?: NodeJS.Platform;
}

export interface ShellOptions {
  wallet: Wallet;
  rendererDir: string;
  preloadPath: string;
  assetsDir: string;
  /** electron-vite's dev server; only honoured when the app is not packaged. */
  devServerUrl?: string;
  /** electron-updater's autoUpdater; only a packaged app has one (it needs the release's update feed). */
  autoUpdater?: AutoUpdaterLike;
}

export interface Shell {
  window(): BrowserWindow | null;
  showWindow(): BrowserWindow;
  tray: WalletTray;
  allowedOrigins: readonly string[];
}

export async function startShell(electron: ElectronLike, opts: ShellOptions): Promise<Shell> {
  const { app, ipcMain, protocol } = electron;
  const devOrigin = opts.devServerUrl ? originOf(opts.devServerUrl) : null;
  const allowedOrigins = devOrigin ? [APP_ORIGIN, devOrigin] : [APP_ORIGIN];
  const isAppUrl = (url: string) => isTrustedUrl(url, allowedOrigins);

  protocol.handle(APP_SCHEME, appProtocolHandler(opts.rendererDir, APP_HOST));
  app.on('web-contents-created', (_event: never, contents: never) => lockDownWebContents(contents, isAppUrl));

  const dispatch = createDispatcher(opts.wallet.handlers, (channel, e) =>
    console.error(`[ipc] ${channel} failed: ${(e as Error)?.message ?? e}`),
  );
  bindIpc(ipcMain, dispatch, allowedOrigins);

  let win: BrowserWindow | null = null;
  const showWindow = () => {
    if (!win || win.isDestroyed()) {
      win = createMainWindow(electron.BrowserWindow, {
        preloadPath: opts.preloadPath,
        url: opts.devServerUrl ?? `${APP_ORIGIN}/index.html`,
        iconPath: join(opts.assetsDir, 'icon.png'),
        isAppUrl,
      });
      win.on('closed', () => {
        win = null;
      });
    } else {
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
    }
    return win;
  };

  const push = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    if (win && !win.isDestroyed()) win.webContents.send(event, payload);
  };
  const lockAll = () =>
    opts.wallet.lockAll().catch((e) => console.error(`[shell] lock all failed: ${(e as Error).message}`));

  let quitting = false;
  const tray = createTray(
    { ...electron, platform: electron.platform ?? process.platform },
    join(opts.assetsDir, 'tray', 'trayTemplate.png'),
    {
      show: () => showWindow(),
      lockAll: () => void lockAll(),
      quit: () => {
        quitting = true;
        app.quit();
      },
    },
  );
  const attention = createAttention({
    Notification: electron.Notification,
    setPending: (n) => tray.setPending(n),
    raiseWindow: () => showWindow(),
    focusRequest: (id) => {
      showWindow();
      push('request:focus', { id });
    },
  });
  const updates = opts.autoUpdater
    ? createUpdater({
        autoUpdater: opts.autoUpdater,
        enabled: () => opts.wallet.settings.settings.checkForUpdates,
        pendingCount: () => opts.wallet.queue.size,
        notify: (title, body) => {
          if (electron.Notification.isSupported()) new electron.Notification({ title, body }).show();
        },
        onStatus: (status) => tray.setNotice(updateNotice(status, () => updates?.restartToUpdate())),
        log: (line) => console.error(line),
      })
    : null;
  opts.wallet.on('snapshot', (snapshot) => {
    push('state:snapshot', snapshot);
    attention.onSnapshot(snapshot);
    updates?.onSnapshot(snapshot);
  });

  // Keys lock when the machine does.
  electron.powerMonitor.on('lock-screen', () => void lockAll());
  electron.powerMonitor.on('suspend', () => void lockAll());

  app.on('second-instance', () => showWindow());
  // Closing the window keeps the app in the tray, so requests can still be approved; Quit is in the tray menu.
  app.on('window-all-closed', () => {
    if (quitting) app.quit();
  });
  app.on('before-quit', () => {
    quitting = true;
    updates?.stop();
    tray.destroy();
    void opts.wallet.close();
  });
  showWindow();
  return { window: () => win, showWindow, tray, allowedOrigins };
}

/** The tray item for an update: a restart action when ready, a disabled line while it waits for the queue. */
function updateNotice(status: UpdateStatus, restart: () => void) {
  if (status.state === 'ready') return { label: `Restart to install ${status.version}`, enabled: true, click: restart };
  if (status.state === 'waiting') return { label: WAITING_MESSAGE, enabled: false, click: () => {} };
  return null;
}
