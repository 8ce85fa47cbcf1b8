/**
 * WalletApi over the browser host's WebSocket (same contract, same names as the preload).
 * The page was opened with ?token=…; the host set an HttpOnly cookie, which the socket reuses.
 */
import {
  channelNames,
  eventMethodName,
  eventNames,
  methodName,
  type Result,
  type WalletApi,
} from '../../../shared/ipc/contract';

type Pending = (result: Result<unknown>) => void;

/** Whether the socket to the host is up; the mirror re-reads state:get each time it comes back. */
export type TransportState = 'connecting' | 'open' | 'closed';

export function connectBrowserHost(onState: (state: TransportState) => void = () => {}): WalletApi {
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const queue: string[] = [];
  let nextId = 1;
  let socket: WebSocket;
  let retryMs = 250;

  const open = () => {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    socket = new WebSocket(`${scheme}://${location.host}/ipc`);
    socket.onopen = () => {
      retryMs = 250;
      for (const frame of queue.splice(0)) socket.send(frame);
      onState('open');
    };
    socket.onmessage = (msg) => {
      let frame: { id?: number; result?: Result<unknown>; event?: string; payload?: unknown };
      try {
        frame = JSON.parse(String(msg.data));
      } catch {
        return;
      }
      if (typeof frame.id === 'number' && frame.result) {
        pending.get(frame.id)?.(frame.result);
        pending.delete(frame.id);
      } else if (typeof frame.event === 'string') {
        for (const l of listeners.get(frame.event) ?? []) l(frame.payload);
      }
    };
    socket.onclose = () => {
      for (const [id, resolve] of pending) {
        resolve({ ok: false, error: { code: 'unavailable', message: 'connection to the wallet was lost' } });
        pending.delete(id);
      }
      onState('closed');
      setTimeout(open, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  };
  open();

  const call = (channel: string, arg: unknown) =>
    new Promise<Result<unknown>>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      const frame = JSON.stringify({ id, channel, arg });
      if (socket.readyState === WebSocket.OPEN) socket.send(frame);
      else queue.push(frame);
    });

  const api: Record<string, unknown> = {};
  for (const channel of channelNames) api[methodName(channel)] = (arg?: unknown) => call(channel, arg);
  for (const event of eventNames) {
    api[eventMethodName(event)] = (listener: (payload: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    };
  }
  return api as WalletApi;
}
