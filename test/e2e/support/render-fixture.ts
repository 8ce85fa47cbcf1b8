/**
 * A snapshot server for the P5 render bench: the browser host in front of a fixed StateSnapshot with N
 * pending requests, so the figure measures the renderer alone. It answers app:info and state:get; every
 * other channel answers 'unavailable'. The e2e scenarios never use it: they run the real core.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { getPublicKey } from '@noble/secp256k1';
import type { Handlers } from '../../../electron/core/wallet/dispatch';
import { type BrowserHostOptions, startBrowserHost } from '../../../electron/web/host';
import { WalletError } from '../../../shared/errors';
import { channelNames } from '../../../shared/ipc/contract';
import type { StateSnapshot } from '../../../shared/ipc/schemas';
import { sampleRequest } from './sample-requests';

class SnapshotFixture extends EventEmitter<{ snapshot: [StateSnapshot] }> {
  readonly handlers: Handlers;
  constructor(snapshot: StateSnapshot) {
    super();
    const handlers: Record<string, () => unknown> = {};
    for (const c of channelNames) {
      handlers[c] = () => {
        throw new WalletError('unavailable', `${c} is not served by the render fixture`);
      };
    }
    handlers['app:info'] = () => ({
      name: 'Signing Wallet',
      version: '0.0.0-bench',
      platform: process.platform,
      dataDir: '/nonexistent',
      secretStore: { kind: 'keychain', description: 'none (render fixture)', warning: null },
    });
    handlers['state:get'] = () => snapshot;
    this.handlers = handlers as unknown as Handlers;
  }
}

/** Serves out/renderer with a snapshot holding `count` pending requests (text, JSON and opaque-hash cards). */
export async function startRenderFixture(count: number) {
  const publicKey = Buffer.from(getPublicKey(randomBytes(32), true)).toString('hex');
  const target = { keyspace: 'Personal', keypair: publicKey, keypairName: 'Signing key' };
  const now = Date.now();
  const snapshot: StateSnapshot = {
    seq: 1,
    keyspaces: [
      {
        name: 'Personal',
        locked: false,
        keypairs: [{ name: 'Signing key', type: 'secp256k1', publicKey, path: "m/44'/60'/0'/0/0" }],
      },
    ],
    requests: Array.from({ length: count }, (_, i) => sampleRequest(i, target, undefined, now)),
    sigsocket: [],
    nats: null,
    settings: {
      autoLockMinutes: 15,
      raiseOnRequest: true,
      notifications: true,
      theme: 'system',
      checkForUpdates: true,
    },
  };
  // The host only calls handlers/on/off; its type names the real Wallet, whose `on` returns a Wallet.
  const wallet = new SnapshotFixture(snapshot) as unknown as BrowserHostOptions['wallet'];
  return startBrowserHost({ wallet, rendererDir: join(import.meta.dirname, '../../../out/renderer') });
}
