/**
 * Verified updates through electron-updater (GitHub releases). The shell passes electron-updater's
 * `autoUpdater` in, narrowed to what is used here, so the wiring is unit-tested with a fake.
 *
 * Rules:
 * - Checks only while the "Check for updates" setting is on: at start, when it is turned on, and
 *   every few hours.
 * - Every download is verified before it is installed: the sha512 from the release's update feed on
 *   every OS, plus the publisher's code signature on Windows and macOS. Nothing here may weaken that:
 *   no unverified Linux packages, no downgrades, no pre-releases, no web installer.
 * - Never restarts while requests wait for a decision: a restart asked for then waits until the queue
 *   is empty, and says so.
 */

export const CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

/** The part of electron-updater's `AppUpdater` the shell uses. */
export interface AutoUpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowPrerelease: boolean;
  allowDowngrade: boolean;
  disableWebInstaller: boolean;
  forceDevUpdateConfig: boolean;
  /** Not in every electron-updater version; where it exists it must stay false. */
  allowUnverifiedLinuxPackages?: boolean;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** With autoDownload, the result carries the download, which rejects when verification fails. */
  checkForUpdates(): Promise<{ downloadPromise?: Promise<unknown> | null } | null>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
}

/** The settings every updater gets before its first check. */
export const VERIFIED_UPDATES = {
  autoDownload: true,
  // Quitting is the user's own choice, so a downloaded update may install then (without relaunching).
  autoInstallOnAppQuit: true,
  allowPrerelease: false,
  allowDowngrade: false,
  disableWebInstaller: true,
  forceDevUpdateConfig: false,
  allowUnverifiedLinuxPackages: false,
} as const satisfies Partial<AutoUpdaterLike>;

export type UpdateStatus =
  | { state: 'none' }
  /** Downloaded and verified; installs on restart. */
  | { state: 'ready'; version: string }
  /** A restart was asked for while requests were pending: it happens once the queue is empty. */
  | { state: 'waiting'; version: string };

export interface UpdaterDeps {
  autoUpdater: AutoUpdaterLike;
  /** The "Check for updates" setting, read at every check. */
  enabled(): boolean;
  /** Requests still waiting for a decision or a signature: a restart would drop them. */
  pendingCount(): number;
  notify(title: string, body: string): void;
  onStatus(status: UpdateStatus): void;
  log(line: string): void;
  timers?: { setInterval(fn: () => void, ms: number): unknown; clearInterval(handle: unknown): void };
}

export interface Updater {
  status(): UpdateStatus;
  /** Looks for an update now, if the setting allows it. */
  check(): void;
  /** Call with every snapshot: notices the setting being turned on and the queue emptying. */
  onSnapshot(snapshot: { settings: { checkForUpdates: boolean } }): void;
  /** The user asked to restart into the update (tray menu). */
  restartToUpdate(): void;
  stop(): void;
}

export const WAITING_MESSAGE = 'Update ready, restart when the queue is empty';

export function createUpdater(deps: UpdaterDeps): Updater {
  const { autoUpdater } = deps;
  const timers = deps.timers ?? {
    setInterval: (fn: () => void, ms: number) => setInterval(fn, ms).unref(),
    clearInterval: (h: unknown) => clearInterval(h as NodeJS.Timeout),
  };
  Object.assign(autoUpdater, VERIFIED_UPDATES);

  let status: UpdateStatus = { state: 'none' };
  let wasEnabled = deps.enabled();
  const setStatus = (next: UpdateStatus) => {
    status = next;
    deps.onStatus(next);
  };

  const check = () => {
    if (!deps.enabled() || status.state !== 'none') return;
    autoUpdater
      .checkForUpdates()
      // A failed download (a checksum or signature that does not match) also arrives as an 'error'
      // event, logged below; left unhandled here, it would end the main process.
      .then((result) => result?.downloadPromise?.catch(() => {}))
      .catch((e: Error) => deps.log(`[updates] check failed: ${e.message}`));
  };
  /** Restarts into the update only with an empty queue; true when it did. */
  const installIfIdle = () => {
    if (status.state === 'none' || deps.pendingCount() > 0) return false;
    deps.log(`[updates] restarting into ${status.version}`);
    autoUpdater.quitAndInstall(false, true);
    return true;
  };

  // An unhandled 'error' event would crash the main process; an update failure is only logged.
  autoUpdater.on('error', (e) => deps.log(`[updates] ${e.message}`));
  autoUpdater.on('update-downloaded', (info) => {
    setStatus({ state: 'ready', version: info.version });
    deps.log(`[updates] ${info.version} downloaded and verified`);
    deps.notify(
      `Signing Wallet ${info.version} is ready`,
      deps.pendingCount() > 0 ? WAITING_MESSAGE : 'Restart from the tray menu to install it.',
    );
  });

  const interval = timers.setInterval(check, CHECK_INTERVAL_MS);
  check();

  return {
    status: () => status,
    check,
    onSnapshot(snapshot) {
      const enabled = snapshot.settings.checkForUpdates;
      if (enabled && !wasEnabled) check();
      wasEnabled = enabled;
      if (status.state === 'waiting') installIfIdle();
    },
    restartToUpdate() {
      if (status.state === 'none' || installIfIdle()) return;
      if (status.state === 'ready') {
        setStatus({ state: 'waiting', version: status.version });
        deps.notify(`Signing Wallet ${status.version}`, WAITING_MESSAGE);
      }
    },
    stop: () => timers.clearInterval(interval),
  };
}
