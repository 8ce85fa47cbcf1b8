import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { at } from '../../test/helpers/at';
import { createTray, type TrayDeps, trayTooltip } from './tray';

function fakeTrayDeps(platform: NodeJS.Platform) {
  const state = { tooltip: '', title: '', menu: [] as MenuItemConstructorOptions[], template: false, destroyed: false };
  const clicks: Array<() => void> = [];
  class FakeTray {
    setContextMenu(menu: MenuItemConstructorOptions[]) {
      state.menu = menu;
    }
    setToolTip(t: string) {
      state.tooltip = t;
    }
    setTitle(t: string) {
      state.title = t;
    }
    on(_e: string, l: () => void) {
      clicks.push(l);
    }
    destroy() {
      state.destroyed = true;
    }
  }
  const deps = {
    Tray: FakeTray,
    Menu: { buildFromTemplate: (t: MenuItemConstructorOptions[]) => t },
    nativeImage: {
      createFromPath: () => ({
        setTemplateImage: (v: boolean) => {
          state.template = v;
        },
      }),
    },
    platform,
  } as unknown as TrayDeps;
  return { deps, state, clicks };
}

describe('tray', () => {
  it('has Show, Lock all and Quit, each wired to its action', () => {
    const { deps, state, clicks } = fakeTrayDeps('linux');
    const called: string[] = [];
    createTray(deps, '/icon.png', {
      show: () => called.push('show'),
      lockAll: () => called.push('lockAll'),
      quit: () => called.push('quit'),
    });
    const labels = state.menu.filter((m) => m.label).map((m) => m.label);
    expect(labels).toEqual(['Show', 'Lock all', 'Quit']);
    for (const m of state.menu) (m.click as (() => void) | undefined)?.();
    at(clicks, 0)();
    expect(called).toEqual(['show', 'lockAll', 'quit', 'show']);
  });

  it('shows the pending count in the tooltip, and as a title on macOS', () => {
    const linux = fakeTrayDeps('linux');
    createTray(linux.deps, '/i.png', { show() {}, lockAll() {}, quit() {} }).setPending(3);
    expect(linux.state.tooltip).toBe('Signing Wallet — 3 pending requests');
    expect(linux.state.title).toBe('');
    const mac = fakeTrayDeps('darwin');
    createTray(mac.deps, '/i.png', { show() {}, lockAll() {}, quit() {} }).setPending(1);
    expect(mac.state.title).toBe('1');
    expect(mac.state.template).toBe(true);
    expect(trayTooltip(0)).toBe('Signing Wallet — no pending requests');
  });

  it('shows a notice as the first item, wired to its action, and removes it again', () => {
    const { deps, state } = fakeTrayDeps('linux');
    const tray = createTray(deps, '/icon.png', { show() {}, lockAll() {}, quit() {} });
    let clicked = 0;
    tray.setNotice({ label: 'Restart to install 1.2.3', enabled: true, click: () => clicked++ });
    expect(state.menu[0]).toMatchObject({ label: 'Restart to install 1.2.3', enabled: true });
    (at(state.menu, 0).click as () => void)();
    expect(clicked).toBe(1);
    tray.setNotice(null);
    expect(state.menu.filter((m) => m.label).map((m) => m.label)).toEqual(['Show', 'Lock all', 'Quit']);
  });
});
