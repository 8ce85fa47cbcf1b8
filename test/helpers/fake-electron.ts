/**
 * Fakes of the Electron pieces the shell touches. The Electron binary cannot run on these machines,
 * so the shell's wiring is tested against these; everything behind it is real.
 */
import { EventEmitter } from 'node:events';

type Handler = (...args: unknown[]) => unknown;

export class FakeWebContents extends EventEmitter {
  sent: Array<[string, unknown]> = [];
  windowOpenHandler: Handler | null = null;
  permissionRequestHandler: Handler | null = null;
  permissionCheckHandler: Handler | null = null;
  session = {
    setPermissionRequestHandler: (h: Handler) => {
      this.permissionRequestHandler = h;
    },
    setPermissionCheckHandler: (h: Handler) => {
      this.permissionCheckHandler = h;
    },
  };
  setWindowOpenHandler(h: Handler) {
    this.windowOpenHandler = h;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  /** Emits a cancellable event the way Electron does; returns whether a listener prevented it. */
  tryEvent(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = [];
  webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  shown = 0;
  focused = 0;
  destroyed = false;
  minimized = false;
  constructor(readonly options: Record<string, unknown> & { webPreferences?: Record<string, unknown> }) {
    super();
    FakeBrowserWindow.created.push(this);
  }
  async loadURL(url: string) {
    this.loadedUrl = url;
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return this.minimized;
  }
  restore() {
    this.minimized = false;
  }
  show() {
    this.shown++;
  }
  focus() {
    this.focused++;
  }
  hide() {}
  close() {
    this.destroyed = true;
    this.emit('closed');
  }
}

export function fakeApp() {
  const app = new EventEmitter() as EventEmitter & { quit(): void; quitCalls: number };
  app.quitCalls = 0;
  app.quit = () => {
    app.quitCalls++;
  };
  return app;
}

export function fakeProtocol() {
  const handlers = new Map<string, (req: Request) => Promise<Response>>();
  return { handlers, handle: (scheme: string, h: (req: Request) => Promise<Response>) => handlers.set(scheme, h) };
}

export function fakeIpcMain() {
  const handlers = new Map<
    string,
    (event: { senderFrame?: { url: string } | null }, ...args: unknown[]) => Promise<unknown>
  >();
  return {
    handlers,
    handle: (c: string, h: (event: { senderFrame?: { url: string } | null }, ...args: unknown[]) => Promise<unknown>) =>
      handlers.set(c, h),
    removeHandler: (c: string) => handlers.delete(c),
  };
}

/** Tray, Menu, nativeImage, Notification and powerMonitor, recording what the shell does with them. */
export function fakeShellExtras() {
  const power = new EventEmitter();
  const notifications: Array<{ title: string; body: string }> = [];
  class Tray {
    static last: Tray | null = null;
    tooltip = '';
    menu: Array<{ label?: string; enabled?: boolean; click?: () => void }> = [];
    constructor() {
      Tray.last = this;
    }
    setContextMenu(menu: Tray['menu']) {
      this.menu = menu;
    }
    setToolTip(t: string) {
      this.tooltip = t;
    }
    setTitle() {}
    on() {}
    destroy() {}
  }
  class Notification {
    constructor(readonly opts: { title: string; body: string }) {}
    static isSupported() {
      return true;
    }
    on() {}
    show() {
      notifications.push(this.opts);
    }
  }
  return {
    Tray,
    Menu: { buildFromTemplate: (t: unknown) => t },
    nativeImage: { createFromPath: () => ({ setTemplateImage() {} }) },
    Notification,
    powerMonitor: power,
    platform: 'linux' as const,
    notifications,
  };
}
