/**
 * The renderer's only way to the core, typed by the contract. In Electron the preload exposes
 * window.wallet; in the browser host the same API runs over the token-protected WebSocket.
 */
import type { ErrorPayload, Result, WalletApi } from '../../../shared/ipc/contract';
import { connectBrowserHost, type TransportState } from './ws-transport';

declare global {
  interface Window {
    wallet?: WalletApi;
  }
}

export type { TransportState };

const transportListeners = new Set<(state: TransportState) => void>();
let transport: TransportState = window.wallet ? 'open' : 'connecting';

export const wallet: WalletApi =
  window.wallet ??
  connectBrowserHost((state) => {
    transport = state;
    for (const listener of transportListeners) listener(state);
  });

/** The link to main: always 'open' under Electron's preload; the browser host's socket can drop and return. */
export function transportState(): TransportState {
  return transport;
}

/** Subscribes to the transport's ups and downs; returns the unsubscribe. */
export function onTransportState(listener: (state: TransportState) => void): () => void {
  transportListeners.add(listener);
  return () => transportListeners.delete(listener);
}

/** An error the core answered with: its code and a message safe to show. */
export class WalletCallError extends Error {
  constructor(readonly error: ErrorPayload) {
    super(error.message);
    this.name = 'WalletCallError';
  }
  get code() {
    return this.error.code;
  }
}

/** Unwraps a contract Result: the value, or a WalletCallError carrying the core's code and message. */
export async function unwrap<T>(pending: Promise<Result<T>>): Promise<T> {
  const result = await pending;
  if (!result.ok) throw new WalletCallError(result.error);
  return result.value;
}
