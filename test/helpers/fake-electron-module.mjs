// The `electron` module as the built main entry sees it in plain Node (see electron-loader.mjs).
// It records the start-up sequence, then prints one JSON report on stdout and exits:
//   { steps, schemes, preloadPath, webPreferences, iconPath, trayIcons, url, ipcChannels, app: { index, info } }
// FAKE_ELECTRON_LOCK=denied makes requestSingleInstanceLock fail (another instance already runs).
// FAKE_ELECTRON_PACKAGED=DIR makes it a packaged app whose resources folder is DIR.
import { EventEmitter } from 'node:events';
import { request as httpRequest } from 'node:http';

const steps = [];
const report = { steps, schemes: [], trayIcons: [], ipcChannels: [] };
const protocolHandlers = new Map();
const ipcHandlers = new Map();
let readyResolve;
// 'ready' is one moment, however many callers wait for it (electron-updater does too).
const ready = new Promise((r) => {
  readyResolve = r;
}).then(() => {
  steps.push('ready');
});

async function finish() {
  if (packagedResources) {
    await Promise.race([firstUpdaterLine, new Promise((r) => setTimeout(r, 10_000))]);
    // Whatever that step leaves unhandled surfaces now and ends the process before it can report.
    await new Promise((r) => setTimeout(r, 300));
  }
  // What the renderer would load first, through the handler the shell registered for app://.
  const handler = protocolHandlers.get('app');
  if (handler) {
    const res = await handler(new Request('app://wallet/index.html'));
    report.app = { index: { status: res.status, body: await res.text() } };
    const info = ipcHandlers.get('app:info');
    if (info) report.app.info = await info({ senderFrame: { url: 'app://wallet/index.html' } });
  }
  process.stdout.write(`${JSON.stringify(report)}\n`);
  process.exit(0);
}

const packagedResources = process.env.FAKE_ELECTRON_PACKAGED;
if (packagedResources) process.resourcesPath = packagedResources;

// A packaged app checks for updates at start: the report waits for the updater's first log line.
report.updaterLog = [];
let updaterLogged;
const firstUpdaterLine = new Promise((r) => {
  updaterLogged = r;
});
const writeStderr = process.stderr.write.bind(process.stderr);
process.stderr.write = (chunk, ...rest) => {
  for (const line of String(chunk).split('\n')) {
    if (line.startsWith('[updates]')) {
      report.updaterLog.push(line);
      updaterLogged();
    }
  }
  return writeStderr(chunk, ...rest);
};

class App extends EventEmitter {
  isPackaged = Boolean(packagedResources);
  getName() {
    return 'Signing Wallet';
  }
  getVersion() {
    return '0.1.0';
  }
  getAppPath() {
    return process.cwd();
  }
  getPath() {
    return packagedResources ?? process.cwd();
  }
  relaunch() {}
  requestSingleInstanceLock() {
    steps.push('requestSingleInstanceLock');
    const granted = process.env.FAKE_ELECTRON_LOCK !== 'denied';
    // The real app becomes ready on its own; here it does once the entry has finished loading.
    if (granted) setImmediate(() => readyResolve());
    return granted;
  }
  whenReady() {
    return ready;
  }
  quit() {
    steps.push('quit');
    setImmediate(finish);
  }
  exit(code) {
    steps.push(`exit:${code}`);
    setImmediate(finish);
  }
}
export const app = new App();

export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    steps.push('registerSchemesAsPrivileged');
    report.schemes.push(...schemes);
  },
  handle(scheme, handler) {
    steps.push(`protocol.handle:${scheme}`);
    protocolHandlers.set(scheme, handler);
  },
};

export const ipcMain = {
  handle(channel, handler) {
    ipcHandlers.set(channel, handler);
    report.ipcChannels.push(channel);
  },
  removeHandler(channel) {
    ipcHandlers.delete(channel);
  },
};

class FakeWebContents extends EventEmitter {
  session = { setPermissionRequestHandler() {}, setPermissionCheckHandler() {} };
  setWindowOpenHandler() {}
  send() {}
}

export class BrowserWindow extends EventEmitter {
  webContents = new FakeWebContents();
  constructor(options) {
    super();
    steps.push('BrowserWindow');
    report.preloadPath = options.webPreferences?.preload;
    report.webPreferences = options.webPreferences;
    report.iconPath = options.icon;
  }
  async loadURL(url) {
    report.url = url;
    // Loading the page is the last thing start-up does; report once the current task has finished.
    setTimeout(finish, 50);
  }
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  show() {}
  focus() {}
}

export const nativeImage = {
  createFromPath(path) {
    report.trayIcons.push(path);
    return { setTemplateImage() {} };
  },
};

export class Tray {
  setContextMenu(menu) {
    report.trayMenu = menu.filter((item) => item.label).map((item) => item.label);
  }
  setToolTip() {}
  setTitle() {}
  on() {}
  destroy() {}
}

export const Menu = { buildFromTemplate: (template) => template };

export class Notification {
  static isSupported() {
    return false;
  }
  on() {}
  show() {}
}

export const powerMonitor = new EventEmitter();

// What electron-updater downloads through: Electron's net module, here plain Node http (loopback feeds only).
export const session = { fromPartition: () => ({}) };
export const net = {
  request({ session: _session, redirect: _redirect, ...options }) {
    return httpRequest(options);
  },
};

export default {
  app,
  protocol,
  ipcMain,
  BrowserWindow,
  nativeImage,
  Tray,
  Menu,
  Notification,
  powerMonitor,
  session,
  net,
};
