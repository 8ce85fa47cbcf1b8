/**
 * The contract from a test, over the browser host's own socket (token cookie + same Origin, as the
 * page does). Scenarios use it to set up state they are not about and to read snapshots; what a
 * scenario tests is always done through the UI.
 */
import WebSocket from 'ws';
import type { ChannelName, RequestOf, ResponseOf, Result } from '../../../shared/ipc/contract';
import type { StateSnapshot } from '../../../shared/ipc/schemas';
import type { WalletHost } from './wallet-host';

export interface IpcClient {
  call<C extends ChannelName>(
    channel: C,
    ...arg: RequestOf<C> extends undefined ? [] : [RequestOf<C>]
  ): Promise<ResponseOf<C>>;
  /** Resolves with the first snapshot (pushed or current) that satisfies `predicate`. */
  waitForState(predicate: (s: StateSnapshot) => boolean, timeoutMs?: number): Promise<StateSnapshot>;
  close(): void;
}

export async function connectIpc(host: WalletHost): Promise<IpcClient> {
  const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/ipc`, {
    headers: { cookie: `wallet_token_${new URL(host.origin).port}=${host.token}`, origin: host.origin },
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const watchers = new Set<(s: StateSnapshot) => void>();
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data));
    if (typeof frame.id === 'number') {
      pending.get(frame.id)?.(frame.result);
      pending.delete(frame.id);
    } else if (frame.event === 'state:snapshot') {
      for (const w of watchers) w(frame.payload);
    }
  });
  const call = async (channel: string, arg?: unknown): Promise<never> => {
    const id = nextId++;
    const result = await new Promise<Result<unknown>>((resolve) => {
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, channel, arg }));
    });
    if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
    return result.value as never;
  };
  return {
    call: call as IpcClient['call'],
    waitForState: (predicate, timeoutMs = 10_000) =>
      new Promise<StateSnapshot>((resolve, reject) => {
        const done = (s: StateSnapshot) => {
          if (!predicate(s)) return;
          clearTimeout(timer);
          watchers.delete(done);
          resolve(s);
        };
        const timer = setTimeout(() => {
          watchers.delete(done);
          reject(new Error(`no snapshot matched within ${timeoutMs} ms`));
        }, timeoutMs);
        watchers.add(done);
        call('state:get').then(done, () => {});
      }),
    close: () => ws.close(),
  };
}
