/**
 * The only user of ipcMain. For every call: check the sender frame is the app's own origin, then hand
 * the argument to the shared dispatcher (schema check → core). Answers are always
 * {ok:true,value} | {ok:false,error}; nothing throws across IPC.
 */

import { channelNames, type Result } from '../../shared/ipc/contract';
import type { Dispatch } from '../core/wallet/dispatch';
import { isTrustedUrl } from './origin';

/** The part of an IpcMainInvokeEvent we rely on. */
export interface InvokeEventLike {
  senderFrame?: { url: string } | null;
}
/** The part of Electron's ipcMain we use; tests pass a fake. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** Registers one handler per contract channel; returns a function that removes them all. */
export function bindIpc(ipcMain: IpcMainLike, dispatch: Dispatch, allowedOrigins: readonly string[]): () => void {
  for (const channel of channelNames) {
    ipcMain.handle(channel, async (event, ...args): Promise<Result<unknown>> => {
      if (!isTrustedUrl(event.senderFrame?.url, allowedOrigins)) {
        return { ok: false, error: { code: 'forbidden', message: 'IPC sender is not the app' } };
      }
      if (args.length > 1) {
        return { ok: false, error: { code: 'bad_input', message: `${channel} takes at most one argument` } };
      }
      return dispatch(channel, args[0]);
    });
  }
  return () => {
    for (const channel of channelNames) ipcMain.removeHandler(channel);
  };
}
