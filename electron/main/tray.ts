/** The tray icon: the app lives here when its window is closed. Its tooltip shows the pending count. */
import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';

export interface TrayDeps {
  Tray: new (image: NativeImage | string) => Tray;
  Menu: { buildFromTemplate(template: MenuItemConstructorOptions[]): Menu };
  nativeImage: { createFromPath(path: string): NativeImage };
  platform: NodeJS.Platform;
}

export interface TrayActions {
  show(): void;
  lockAll(): void;
  quit(): void;
}

/** An extra first menu item, e.g. "Restart to install 1.2.3"; null removes it. */
export interface TrayNotice {
  label: string;
  enabled: boolean;
  click(): void;
}

export interface WalletTray {
  setPending(count: number): void;
  setNotice(notice: TrayNotice | null): void;
  destroy(): void;
}

/** Tooltip text for a pending count. */
export function trayTooltip(pending: number): string {
  if (pending === 0) return 'Signing Wallet — no pending requests';
  return `Signing Wallet — ${pending} pending request${pending === 1 ? '' : 's'}`;
}

export function createTray(deps: TrayDeps, iconPath: string, actions: TrayActions): WalletTray {
  const image = deps.nativeImage.createFromPath(iconPath);
  // A monochrome template adapts to the macOS menu bar's light and dark modes.
  if (deps.platform === 'darwin') image.setTemplateImage(true);
  const tray = new deps.Tray(image);
  const setNotice = (notice: TrayNotice | null) => {
    const head: MenuItemConstructorOptions[] = notice
      ? [{ label: notice.label, enabled: notice.enabled, click: () => notice.click() }, { type: 'separator' }]
      : [];
    tray.setContextMenu(
      deps.Menu.buildFromTemplate([
        ...head,
        { label: 'Show', click: () => actions.show() },
        { label: 'Lock all', click: () => actions.lockAll() },
        { type: 'separator' },
        { label: 'Quit', click: () => actions.quit() },
      ]),
    );
  };
  setNotice(null);
  tray.on('click', () => actions.show());
  const setPending = (count: number) => {
    tray.setToolTip(trayTooltip(count));
    // The count next to the icon: macOS menu bar only; elsewhere the tooltip carries it.
    if (deps.platform === 'darwin') tray.setTitle(count > 0 ? String(count) : '');
  };
  setPending(0);
  return { setPending, setNotice, destroy: () => tray.destroy() };
}
