/** Builds window.wallet: one named function per contract channel and one `on…` per push event. */
import { channelNames, eventMethodName, eventNames, methodName, type WalletApi } from '../../shared/ipc/contract';

/** The part of Electron's ipcRenderer the preload uses; tests pass a fake. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function buildApi(ipc: IpcRendererLike): WalletApi {
  const api: Record<string, unknown> = {};
  for (const channel of channelNames) {
    // Only the argument crosses; the renderer never sees ipcRenderer or the event object.
    api[methodName(channel)] = (arg?: unknown) => (arg === undefined ? ipc.invoke(channel) : ipc.invoke(channel, arg));
  }
  for (const event of eventNames) {
    api[eventMethodName(event)] = (listener: (payload: unknown) => void) => {
      const forward = (_event: unknown, payload: unknown) => listener(payload);
      ipc.on(event, forward);
      return () => {
        ipc.removeListener(event, forward);
      };
    };
  }
  return Object.freeze(api) as WalletApi;
}
