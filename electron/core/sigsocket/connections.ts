/**
 * The app's SigSocket connections: one client per server configured in settings, each bound to a
 * keyspace and keypair and served from the approval queue (queue-handler.ts); wss:// servers are
 * pinned by certificate key.
 */
import { EventEmitter } from 'node:events';
import { WalletError } from '../../../shared/errors';
import type { ConnectionStatus, SigsocketServerView } from '../../../shared/ipc/schemas';
import type { RequestQueue } from '../requests';
import type { SettingsStore, SigsocketServerConfig } from '../settings/settings-store';
import type { Vault } from '../vault';
import { CertificatePins, type PinStore } from './certificate-pins';
import type { SigsocketStatus } from './options';
import { walletClient } from './queue-handler';
import type { SigsocketClient } from './sigsocket-client';

/** The contract's status shape for a client status. */
export function toConnectionStatus(s: SigsocketStatus): ConnectionStatus {
  switch (s.state) {
    case 'connecting':
      return { state: 'connecting', reason: null, nextAttemptAt: null };
    case 'connected':
      return { state: 'connected', reason: `dialect ${s.dialect}`, nextAttemptAt: null };
    case 'reconnecting':
      return { state: 'reconnecting', reason: s.lastError, nextAttemptAt: s.nextAttemptAt };
    case 'error':
      return { state: 'error', reason: s.reason, nextAttemptAt: null };
    case 'stopped':
      return { state: 'stopped', reason: null, nextAttemptAt: null };
  }
}

export class SigsocketConnections extends EventEmitter<{ changed: [] }> {
  private readonly clients = new Map<
    string,
    { config: SigsocketServerConfig; client: SigsocketClient | null; error?: string }
  >();

  /** Present when the wallet keeps pins (the app); wss:// servers are then pinned by certificate key. */
  private readonly pins: CertificatePins | null;

  constructor(
    private readonly settings: SettingsStore,
    private readonly queue: Pick<RequestQueue, 'submit'>,
    private readonly vault: Pick<Vault, 'findKeypair' | 'sign' | 'on'>,
    private readonly log: (line: Record<string, unknown>) => void = () => {},
    pinStore?: PinStore,
  ) {
    super();
    this.pins = pinStore ? new CertificatePins(pinStore, () => this.emit('changed'), log) : null;
    // A locked key cannot prove possession, so its server closes the connection and the client backs
    // off; once the keyspace unlocks, retry at once rather than after the backoff.
    vault.on('unlocked', (keyspace: string) => {
      for (const [id, entry] of this.clients) {
        if (entry.config.keyspace === keyspace && entry.client?.status.state === 'reconnecting') {
          this.reconnect(id).catch(() => {});
        }
      }
    });
  }

  /** Connects every configured server. */
  startAll(): void {
    for (const config of this.settings.sigsocket) this.start(config);
  }

  views(): SigsocketServerView[] {
    return [...this.clients.values()].map(({ config, client, error }) => ({
      id: config.id,
      url: config.url,
      alternateUrls: config.alternateUrls ?? [],
      keyspace: config.keyspace,
      keypair: config.keypair,
      dialect: config.dialect,
      hasCa: config.ca !== null,
      certificate: this.pins?.view(config.id, config.url) ?? null,
      status: client
        ? toConnectionStatus(client.status)
        : { state: 'error', reason: error ?? 'not started', nextAttemptAt: null },
    }));
  }

  async add(input: Omit<SigsocketServerConfig, 'id'>): Promise<SigsocketServerView> {
    this.publicKeyOf(input);
    const config = await this.settings.addSigsocket(input);
    this.start(config);
    return this.view(config.id);
  }

  async update(config: SigsocketServerConfig): Promise<SigsocketServerView> {
    this.publicKeyOf(config);
    await this.settings.updateSigsocket(config);
    await this.stop(config.id);
    this.pins?.forget(config.id);
    this.start(config);
    return this.view(config.id);
  }

  async remove(id: string): Promise<void> {
    await this.settings.removeSigsocket(id);
    await this.stop(id);
    this.clients.delete(id);
    this.pins?.forget(id);
    this.emit('changed');
  }

  async reconnect(id: string): Promise<void> {
    const entry = this.clients.get(id);
    if (!entry) throw new WalletError('not_found', 'no such SigSocket server');
    await this.stop(id);
    this.start(entry.config);
  }

  /** The user compared the fingerprints and accepts the server's new certificate key: pin it, connect again. */
  async acceptCertificate(id: string, sha256: string): Promise<void> {
    const entry = this.clients.get(id);
    if (!entry || !this.pins) throw new WalletError('not_found', 'no such SigSocket server');
    await this.pins.accept(id, entry.config.url, sha256);
    await this.reconnect(id);
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.keys()].map((id) => this.stop(id)));
  }

  private view(id: string): SigsocketServerView {
    const v = this.views().find((s) => s.id === id);
    if (!v) throw new WalletError('not_found', 'no such SigSocket server');
    return v;
  }

  /** The bound keypair's public key; SigSocket speaks secp256k1 only. */
  private publicKeyOf(config: Pick<SigsocketServerConfig, 'keyspace' | 'keypair'>): string {
    const kp = this.vault.findKeypair(config.keyspace, config.keypair);
    if (!kp) throw new WalletError('not_found', `no keypair "${config.keypair}" in keyspace "${config.keyspace}"`);
    if (kp.type !== 'secp256k1') throw new WalletError('bad_input', 'SigSocket needs a secp256k1 keypair');
    return kp.publicKey;
  }

  private start(config: SigsocketServerConfig): void {
    let publicKeyHex: string;
    try {
      publicKeyHex = this.publicKeyOf(config);
    } catch (e) {
      // A removed keypair leaves its server configured but idle, with the reason shown.
      this.clients.set(config.id, { config, client: null, error: (e as Error).message });
      this.emit('changed');
      return;
    }
    const pins = this.pins;
    const client = walletClient({
      url: config.url,
      alternateUrls: config.alternateUrls,
      dialect: config.dialect,
      ca: config.ca ?? undefined,
      keyspace: config.keyspace,
      publicKey: publicKeyHex,
      queue: this.queue,
      vault: this.vault,
      log: this.log,
      ...(pins ? { checkCertificate: (spki: string) => pins.check(config.id, config.url, spki) } : {}),
    });
    client.onStatus(() => this.emit('changed'));
    this.clients.set(config.id, { config, client });
    client.start();
    this.emit('changed');
  }

  private async stop(id: string): Promise<void> {
    const entry = this.clients.get(id);
    await entry?.client?.stop();
  }
}
