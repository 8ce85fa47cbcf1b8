/**
 * The facade that implements the IPC contract over the core (openCore) plus the wallet's own
 * connections: SigSocket servers and the NATS service. The Electron shell and the browser host send
 * every renderer call through `wallet.handlers` and push the coalesced 'snapshot' events; the shell
 * alone also calls lockAll and close and reads the update setting and the pending count.
 */
import { EventEmitter } from 'node:events';
import type { AppInfo, StateSnapshot } from '../../../shared/ipc/schemas';
import { type ContactBook, checkRequester, type SeenKeys } from '../contacts';
import { type ConnectionReading, endpointLabel, metricsFigures, WalletMetrics } from '../metrics';
import { NatsSigningService } from '../nats';
import type { RequestQueue, RequestSource } from '../requests';
import { loadNatsConfig } from '../settings/connection-secrets';
import type { SettingsStore } from '../settings/settings-store';
import { SigsocketConnections } from '../sigsocket/connections';
import type { SecretStore, Vault } from '../vault';
import { type Core, type CoreOptions, openCore } from './core';
import type { Handlers } from './dispatch';
import { backupHandlers } from './handlers/backup-handlers';
import { connectionHandlers } from './handlers/connection-handlers';
import { contactHandlers } from './handlers/contact-handlers';
import { requestHandlers } from './handlers/request-handlers';
import { vaultHandlers } from './handlers/vault-handlers';

/** What the facade opens (see openCore) plus its version and log; the app keeps the user's idle lock. */
export interface WalletOptions
  extends Pick<CoreOptions, 'dataDir' | 'secretStore' | 'keychainService' | 'kdf' | 'requestExpiryMs'> {
  version: string;
  log?: (line: string) => void;
}

interface WalletEvents {
  snapshot: [StateSnapshot];
}

/** Snapshots are coalesced: a burst of changes becomes one push per this many ms at most. */
const PUBLISH_INTERVAL_MS = 16;

export class Wallet extends EventEmitter<WalletEvents> {
  readonly handlers: Handlers;
  /** The queue's and connections' figures: the status line in Connections reads them. */
  readonly metrics: WalletMetrics;
  private seq = 0;
  private publishTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly stopFollowingContacts: () => void;

  readonly secrets: SecretStore;
  readonly settings: SettingsStore;
  readonly vault: Vault;
  readonly queue: RequestQueue;
  readonly contacts: ContactBook;
  readonly seen: SeenKeys;

  private constructor(
    private readonly opts: WalletOptions,
    private readonly core: Core,
    readonly sigsocket: SigsocketConnections,
    readonly nats: NatsSigningService,
  ) {
    super();
    const { secrets, settings, vault, queue, contacts } = core;
    this.secrets = secrets;
    this.settings = settings;
    this.vault = vault;
    this.queue = queue;
    this.contacts = contacts;
    this.seen = core.seen;
    // `crypto-cli contacts name/forget` may change the file while the app runs.
    this.stopFollowingContacts = contacts.follow(opts.log ?? (() => {}));
    this.metrics = new WalletMetrics({ queue, connections: () => connectionReadings(sigsocket, nats) });
    this.handlers = {
      'app:info': () => this.info(),
      'metrics:get': () => metricsFigures(this.metrics),
      'state:get': () => this.snapshot(),
      ...vaultHandlers(vault),
      ...contactHandlers(contacts),
      ...backupHandlers({ dataDir: opts.dataDir, secrets, vault, queue, version: opts.version }),
      ...requestHandlers({ queue, contacts }),
      ...connectionHandlers({
        sigsocket,
        nats,
        settings,
        secrets,
        onSettings: (s) => {
          vault.setAutoLockMs(s.autoLockMinutes * 60_000);
          this.schedulePublish();
        },
      }),
    };
    const changed = () => this.schedulePublish();
    vault.on('changed', changed);
    vault.on('locked', changed);
    vault.on('unlocked', changed);
    queue.on('changed', changed);
    queue.policies.on('changed', changed);
    sigsocket.on('changed', changed);
    nats.on('status', changed);
    contacts.on('changed', changed);
  }

  /** Opens every part from the data dir, then connects the configured servers. */
  static async open(opts: WalletOptions): Promise<Wallet> {
    const log = opts.log ?? (() => {});
    const core = await openCore({
      dataDir: opts.dataDir,
      secretStore: opts.secretStore,
      keychainService: opts.keychainService,
      kdf: opts.kdf,
      requestExpiryMs: opts.requestExpiryMs,
      warn: log,
    });
    const { settings, secrets, vault, queue, contacts } = core;
    const sigsocket = new SigsocketConnections(settings, queue, vault, (line) => log(JSON.stringify(line)), contacts);
    const nats = new NatsSigningService({ vault, queue, log, version: opts.version });
    const wallet = new Wallet(opts, core, sigsocket, nats);
    sigsocket.startAll();
    const natsConfig = await loadNatsConfig(settings, secrets);
    if (natsConfig) await nats.start(natsConfig).catch((e) => log(`nats: not started: ${(e as Error).message}`));
    return wallet;
  }

  info(): AppInfo {
    return {
      name: 'Signing Wallet',
      version: this.opts.version,
      platform: process.platform,
      dataDir: this.opts.dataDir,
      secretStore: this.secrets.describe(),
    };
  }

  snapshot(): StateSnapshot {
    const find = (ks: string, kp: string) => this.vault.findKeypair(ks, kp);
    const contactOf = (source: RequestSource, requestAt: number) =>
      checkRequester(this.contacts, source, { seen: this.seen, requestAt });
    return {
      seq: this.seq,
      keyspaces: this.vault.listKeyspaces(),
      requests: this.queue.views({ findKeypair: find, contactOf }),
      sigsocket: this.sigsocket.views(),
      nats: this.nats.view(),
      settings: this.settings.settings,
    };
  }

  /** Locks every keyspace (tray "Lock all", OS lock, suspend). */
  async lockAll(): Promise<void> {
    this.vault.lockAll();
  }

  private schedulePublish(): void {
    if (this.publishTimer || this.closed) return;
    this.publishTimer = setTimeout(() => {
      this.publishTimer = null;
      this.seq++;
      this.emit('snapshot', this.snapshot());
    }, PUBLISH_INTERVAL_MS);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.publishTimer) clearTimeout(this.publishTimer);
    this.metrics.detach();
    // Together: closing the queue expires what still waits for a decision, which lets NATS finish its replies.
    await Promise.allSettled([this.sigsocket.close(), this.nats.stop(), this.queue.close()]);
    this.stopFollowingContacts();
    await this.core.close();
    this.removeAllListeners();
  }
}

/** Every configured connection's state, credential-free, for the metrics. */
function connectionReadings(sigsocket: SigsocketConnections, nats: NatsSigningService): ConnectionReading[] {
  const readings: ConnectionReading[] = sigsocket
    .views()
    .map((v) => ({ kind: 'sigsocket', endpoint: endpointLabel(v.url), state: v.status.state }));
  const view = nats.view();
  if (view?.enabled)
    readings.push({ kind: 'nats', endpoint: view.servers.map(endpointLabel).join(','), state: view.status.state });
  return readings;
}
