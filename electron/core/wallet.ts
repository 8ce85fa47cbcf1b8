/**
 * The facade that implements the IPC contract over the core's parts. The Electron shell, the browser
 * host and tests all reach the core through `wallet.handlers`; state changes are pushed as snapshots.
 */
import { EventEmitter } from 'node:events';
import type { AppInfo, StateSnapshot } from '../../shared/ipc/schemas';
import type { Handlers } from './dispatch';

export interface WalletParts {
  name: string;
  version: string;
  dataDir: string;
  secretStore: AppInfo['secretStore'];
}

interface WalletEvents {
  snapshot: [StateSnapshot];
}

export class Wallet extends EventEmitter<WalletEvents> {
  readonly handlers: Handlers;
  private seq = 0;

  constructor(private readonly parts: WalletParts) {
    super();
    this.handlers = {
      'app:info': () => this.info(),
      'state:get': () => this.snapshot(),
    };
  }

  info(): AppInfo {
    const { name, version, dataDir, secretStore } = this.parts;
    return { name, version, platform: process.platform, dataDir, secretStore };
  }

  snapshot(): StateSnapshot {
    return { seq: this.seq };
  }

  /** Pushes a fresh snapshot to every mirror (window, browser host). */
  protected publish(): void {
    this.seq++;
    this.emit('snapshot', this.snapshot());
  }

  async close(): Promise<void> {
    this.removeAllListeners();
  }
}
