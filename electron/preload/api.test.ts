import { describe, expect, it, vi } from 'vitest';
import { channelNames, eventMethodName, eventNames, methodName } from '../../shared/ipc/contract';
import { buildApi, type IpcRendererLike } from './api';

function fakeIpcRenderer() {
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const ipc: IpcRendererLike & { emit(channel: string, payload: unknown): void } = {
    invoke: vi.fn(async (channel: string, ...args: unknown[]) => ({ ok: true, value: { channel, args } })),
    on: (channel, l) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(l)),
    removeListener: (channel, l) => listeners.get(channel)?.delete(l),
    emit: (channel, payload) => {
      for (const l of listeners.get(channel) ?? []) l({ sender: 'raw-event-object' }, payload);
    },
  };
  return ipc;
}

describe('preload api', () => {
  it('exposes only named functions derived from the contract', () => {
    const api = buildApi(fakeIpcRenderer());
    const expected = [...channelNames.map(methodName), ...eventNames.map(eventMethodName)].sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    for (const v of Object.values(api)) expect(typeof v).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('send');
  });

  it('invokes the matching channel with only the argument', async () => {
    const ipc = fakeIpcRenderer();
    const api = buildApi(ipc);
    await api.appInfo();
    expect(ipc.invoke).toHaveBeenCalledWith('app:info');
  });

  it('subscriptions deliver only the payload and return a working unsubscribe', () => {
    const ipc = fakeIpcRenderer();
    const api = buildApi(ipc);
    const seen: unknown[] = [];
    const off = api.onStateSnapshot((payload) => seen.push(payload));
    ipc.emit('state:snapshot', { seq: 1 });
    off();
    ipc.emit('state:snapshot', { seq: 2 });
    expect(seen).toEqual([{ seq: 1 }]);
  });
});
