/** Electron entry point: everything here is wiring; the logic lives in the plain-Node core. */
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, Notification, nativeImage, powerMonitor, protocol, Tray } from 'electron';
import { openWallet } from '../core/open-wallet';
import { APP_SCHEME } from './origin';
import { startShell } from './shell';

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

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
        },
      );
    } catch (e) {
      console.error(`Signing Wallet could not start: ${(e as Error).message}`);
      app.exit(1);
    }
  });
}
