import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CHECK_INTERVAL_MS, createUpdater, type UpdaterDeps, type UpdateStatus, WAITING_MESSAGE } from './updater';

/** electron-updater's autoUpdater as far as the shell uses it: records checks and installs. */
class FakeAutoUpdater extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  allowPrerelease = true;
  allowDowngrade = true;
  disableWebInstaller = false;
  forceDevUpdateConfig = true;
  allowUnverifiedLinuxPackages?: boolean = true;
  /** Stands for the Windows publisher check electron-updater does by default: must stay untouched. */
  verifyUpdateCodeSignature = 'default-verifier';
  checks = 0;
  installs: Array<[boolean | undefined, boolean | undefined]> = [];
  failNextCheck: Error | null = null;
  failNextDownload: Error | null = null;
  async checkForUpdates() {
    this.checks++;
    if (this.failNextCheck) throw this.failNextCheck;
    if (this.failNextDownload) {
      const error = this.failNextDownload;
      // As electron-updater does: the download's promise rejects, and the same error is emitted.
      const downloadPromise = new Promise((_, reject) => setImmediate(() => reject(error)));
      setImmediate(() => this.emit('error', error));
      return { downloadPromise };
    }
    return null;
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean) {
    this.installs.push([isSilent, isForceRunAfter]);
  }
}

function setup(opts: { enabled?: boolean; pending?: number } = {}) {
  const autoUpdater = new FakeAutoUpdater();
  const state = { enabled: opts.enabled ?? true, pending: opts.pending ?? 0 };
  const notes: Array<{ title: string; body: string }> = [];
  const statuses: UpdateStatus[] = [];
  const logs: string[] = [];
  const ticks: Array<() => void> = [];
  const deps: UpdaterDeps = {
    autoUpdater,
    enabled: () => state.enabled,
    pendingCount: () => state.pending,
    notify: (title, body) => notes.push({ title, body }),
    onStatus: (s) => statuses.push(s),
    log: (l) => logs.push(l),
    timers: {
      setInterval: (fn, ms) => {
        expect(ms).toBe(CHECK_INTERVAL_MS);
        ticks.push(fn);
        return ticks.length;
      },
      clearInterval: (h) => {
        ticks.splice((h as number) - 1, 1, () => {});
      },
    },
  };
  const updater = createUpdater(deps);
  const snapshot = () => updater.onSnapshot({ settings: { checkForUpdates: state.enabled } });
  return {
    autoUpdater,
    updater,
    state,
    notes,
    statuses,
    logs,
    tick: () => {
      for (const t of ticks) t();
    },
    snapshot,
  };
}

describe('updater', () => {
  it('verifies every update: no unverified Linux packages, downgrades, pre-releases or web installer', () => {
    const { autoUpdater } = setup();
    expect(autoUpdater).toMatchObject({
      autoDownload: true,
      allowPrerelease: false,
      allowDowngrade: false,
      disableWebInstaller: true,
      forceDevUpdateConfig: false,
      allowUnverifiedLinuxPackages: false,
      verifyUpdateCodeSignature: 'default-verifier',
    });
  });

  it('checks at start and on every interval while the setting is on', () => {
    const { autoUpdater, tick } = setup();
    expect(autoUpdater.checks).toBe(1);
    tick();
    expect(autoUpdater.checks).toBe(2);
  });

  it('never checks while the setting is off, and checks as soon as it is turned on', () => {
    const { autoUpdater, tick, state, snapshot } = setup({ enabled: false });
    tick();
    snapshot();
    expect(autoUpdater.checks).toBe(0);
    state.enabled = true;
    snapshot();
    expect(autoUpdater.checks).toBe(1);
    snapshot();
    expect(autoUpdater.checks).toBe(1);
  });

  it('a failed check or an updater error is logged, never thrown', async () => {
    const { autoUpdater, updater, logs } = setup();
    autoUpdater.failNextCheck = new Error('offline');
    updater.check();
    await new Promise((r) => setImmediate(r));
    autoUpdater.emit('error', new Error('sha512 checksum mismatch'));
    expect(logs).toEqual(['[updates] check failed: offline', '[updates] sha512 checksum mismatch']);
  });

  it('a download that fails verification is logged and never installed, and does not end the process', async () => {
    const { autoUpdater, updater, logs, statuses } = setup();
    autoUpdater.failNextDownload = new Error('sha512 checksum mismatch');
    updater.check();
    // An unhandled rejection here would fail this test run.
    await new Promise((r) => setTimeout(r, 20));
    expect(logs).toEqual(['[updates] sha512 checksum mismatch']);
    expect(statuses).toEqual([]);
    updater.restartToUpdate();
    expect(autoUpdater.installs).toEqual([]);
  });

  it('a downloaded update with an empty queue offers a restart, and restarts when asked', () => {
    const { autoUpdater, updater, notes, statuses } = setup();
    autoUpdater.emit('update-downloaded', { version: '1.2.3' });
    expect(statuses).toEqual([{ state: 'ready', version: '1.2.3' }]);
    expect(notes).toEqual([
      { title: 'Signing Wallet 1.2.3 is ready', body: 'Restart from the tray menu to install it.' },
    ]);
    expect(autoUpdater.installs).toEqual([]);
    updater.restartToUpdate();
    expect(autoUpdater.installs).toEqual([[false, true]]);
  });

  it('never restarts while requests are pending; restarts once the queue is empty', () => {
    const { autoUpdater, updater, notes, statuses, state, snapshot } = setup({ pending: 2 });
    autoUpdater.emit('update-downloaded', { version: '1.2.3' });
    expect(notes.at(-1)?.body).toBe(WAITING_MESSAGE);
    updater.restartToUpdate();
    expect(autoUpdater.installs).toEqual([]);
    expect(statuses.at(-1)).toEqual({ state: 'waiting', version: '1.2.3' });
    expect(notes.at(-1)).toEqual({
      title: 'Signing Wallet 1.2.3',
      body: 'Update ready, restart when the queue is empty',
    });
    state.pending = 1;
    snapshot();
    expect(autoUpdater.installs).toEqual([]);
    state.pending = 0;
    snapshot();
    expect(autoUpdater.installs).toEqual([[false, true]]);
  });

  it('a queue that empties does not restart an update nobody asked to restart into', () => {
    const { autoUpdater, state, snapshot } = setup({ pending: 1 });
    autoUpdater.emit('update-downloaded', { version: '1.2.3' });
    state.pending = 0;
    snapshot();
    expect(autoUpdater.installs).toEqual([]);
  });

  it('restart does nothing before an update is downloaded, and checks stop once one is', () => {
    const { autoUpdater, updater, tick } = setup();
    updater.restartToUpdate();
    expect(autoUpdater.installs).toEqual([]);
    autoUpdater.emit('update-downloaded', { version: '1.2.3' });
    tick();
    expect(autoUpdater.checks).toBe(1);
  });

  it('stop ends the periodic checks', () => {
    const { autoUpdater, updater, tick } = setup();
    updater.stop();
    tick();
    expect(autoUpdater.checks).toBe(1);
  });
});
