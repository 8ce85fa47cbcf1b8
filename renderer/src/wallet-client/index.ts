/**
 * The renderer's only way to the core, typed by the contract. In Electron the preload exposes
 * window.wallet; in the browser host the same API runs over the token-protected WebSocket.
 */
import type { WalletApi } from '../../../shared/ipc/contract';
import { connectBrowserHost } from './ws-transport';

declare global {
  interface Window {
    wallet?: WalletApi;
  }
}

export const wallet: WalletApi = window.wallet ?? connectBrowserHost();
