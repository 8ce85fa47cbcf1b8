import { describe, expect, it, vi } from 'vitest';
import { WalletError } from '../../shared/errors';
import { channelNames } from '../../shared/ipc/contract';
import { createDispatcher, type Handlers } from '../core/wallet/dispatch';
import { bindIpc, type InvokeEventLike, type IpcMainLike } from './ipc-bind';
import { APP_ORIGIN } from './origin';

type Listener = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;

/** A stand-in for Electron's ipcMain: records handlers and lets a test invoke them like a renderer would. */
function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => handlers.delete(channel),
  };
  const invoke = (url: string | undefined, channel: string, ...args: unknown[]) => {
    const h = handlers.get(channel);
    if (!h) throw new Error(`No handler registered for '${channel}'`);
    return h({ senderFrame: url === undefined ? null : { url } }, ...args);
  };
  return { ipc, handlers, invoke };
}

function coreSpy() {
  const info = vi.fn(() => ({
    name: 'Signing Wallet',
    version: '1.0.0',
    platform: 'linux',
    dataDir: '/tmp/x',
    secretStore: { kind: 'keychain' as const, description: 'OS keychain', warning: null },
  }));
  const handlers = { 'app:info': info, 'state:get': vi.fn(() => ({ seq: 1 })) } as unknown as Handlers;
  return { handlers, info };
}

describe('bindIpc', () => {
  it('registers exactly the contract channels and removes them on dispose', () => {
    const { ipc, handlers } = fakeIpcMain();
    const dispose = bindIpc(ipc, createDispatcher(coreSpy().handlers), [APP_ORIGIN]);
    expect([...handlers.keys()].sort()).toEqual([...channelNames].sort());
    dispose();
    expect(handlers.size).toBe(0);
  });

  it('answers a call from the app origin with ok + value', async () => {
    const { ipc, invoke } = fakeIpcMain();
    const core = coreSpy();
    bindIpc(ipc, createDispatcher(core.handlers), [APP_ORIGIN]);
    const r = await invoke(`${APP_ORIGIN}/index.html`, 'app:info');
    expect(r).toMatchObject({ ok: true, value: { name: 'Signing Wallet', platform: 'linux' } });
    expect(core.info).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['another origin', 'https://evil.example/index.html'],
    ['a file:// page', 'file:///home/user/index.html'],
    ['a look-alike host', 'app://wallet.evil/index.html'],
    ['no sender frame', undefined],
  ])('refuses %s with forbidden, never reaching the core', async (_label, url) => {
    const { ipc, invoke } = fakeIpcMain();
    const core = coreSpy();
    bindIpc(ipc, createDispatcher(core.handlers), [APP_ORIGIN]);
    const r = await invoke(url, 'app:info');
    expect(r).toEqual({ ok: false, error: { code: 'forbidden', message: 'IPC sender is not the app' } });
    expect(core.info).not.toHaveBeenCalled();
  });

  it('refuses a malformed argument with bad_input, never reaching the core', async () => {
    const { ipc, invoke } = fakeIpcMain();
    const core = coreSpy();
    bindIpc(ipc, createDispatcher(core.handlers), [APP_ORIGIN]);
    const r = (await invoke(`${APP_ORIGIN}/`, 'app:info', { unexpected: true })) as {
      ok: boolean;
      error: { code: string };
    };
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe('bad_input');
    const extra = (await invoke(`${APP_ORIGIN}/`, 'app:info', undefined, 'second')) as { error: { code: string } };
    expect(extra.error.code).toBe('bad_input');
    expect(core.info).not.toHaveBeenCalled();
  });

  it('refuses an unknown channel with unknown_channel, never reaching the core', async () => {
    const core = coreSpy();
    const dispatch = createDispatcher(core.handlers);
    for (const name of ['app:steal', '__proto__', 'constructor', 42, null]) {
      const r = await dispatch(name, undefined);
      expect(r).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    }
    expect(core.info).not.toHaveBeenCalled();
    const { ipc, invoke } = fakeIpcMain();
    bindIpc(ipc, dispatch, [APP_ORIGIN]);
    expect(() => invoke(`${APP_ORIGIN}/`, 'app:steal')).toThrow(/No handler/);
  });

  it('passes WalletError codes through and hides the text of unexpected errors', async () => {
    const onError = vi.fn();
    const handlers = {
      'app:info': () => {
        throw new WalletError('locked', 'keyspace "main" is locked');
      },
      'state:get': () => {
        throw new Error('secret detail /home/user/.key');
      },
    } as unknown as Handlers;
    const dispatch = createDispatcher(handlers, onError);
    expect(await dispatch('app:info', undefined)).toEqual({
      ok: false,
      error: { code: 'locked', message: 'keyspace "main" is locked' },
    });
    expect(await dispatch('state:get', undefined)).toEqual({
      ok: false,
      error: { code: 'internal', message: 'internal error' },
    });
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('strips fields the contract does not declare from answers', async () => {
    const core = coreSpy();
    const handlers = {
      ...core.handlers,
      'app:info': () => ({ ...core.info(), privateKey: 'deadbeef' }),
    } as unknown as Handlers;
    const r = await createDispatcher(handlers)('app:info', undefined);
    expect(r).toMatchObject({ ok: true, value: { name: 'Signing Wallet' } });
    expect(JSON.stringify(r)).not.toContain('deadbeef');
  });
});
