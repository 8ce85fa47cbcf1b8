/** Electron entry point: everything here is wiring; the logic lives in the plain-Node core. */
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, Notification, nativeImage, powerMonitor, protocol, Tray } from 'electron';
import { openWallet } from '../core/wallet/open';
import { APP_SCHEME } from './origin';
import { startShell } from './shell';
import type { AutoUpdaterLike } from './updater';

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

/** electron-updater, only in a packaged app: it reads the update feed that packaging writes (app-update.yml). */
async function packagedAutoUpdater(): Promise<AutoUpdaterLike | undefined> {
  if (!app.isPackaged) return undefined;
  const updater = await import('electron-updater');
  return (updater.default ?? updater).autoUpdater;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.whenReady().then(async () => {
    try {
      const wallet = await openWallet({ argv: process.argv });
      await startShell(
        { app, BrowserWindow, ipcMain, protocol, Tray, Menu, Notification, nativeImage, powerMonitor },
        {
          wallet,
          rendererDir: join(import.meta.dirname, '../renderer'),
          preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
          assetsDir: app.isPackaged ? process.resourcesPath : join(import.meta.dirname, '../../assets'),
          devServerUrl: app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL,
          autoUpdater: await packagedAutoUpdater(),
        },
      );
    } catch (e) {
      console.error(`Signing Wallet could not start: ${(e as Error).message}`);
      app.exit(1);
    }
  });
}
