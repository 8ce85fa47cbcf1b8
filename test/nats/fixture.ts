/**
 * A real wallet on a real nats-server for the NATS suites: a Vault (file store, small KDF unless the
 * test asks for the keychain), the real approval queue, and the NatsSigningService, plus a client.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { connect, headers, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import { NatsSigningService, type NatsSigningServiceOptions } from '../../electron/core/nats';
import { type QueueOptions, RequestQueue } from '../../electron/core/requests/queue';
import { createSecretStore } from '../../electron/core/vault/secret-store';
import { Vault } from '../../electron/core/vault/vault';
import type { NatsConfigInput } from '../../shared/ipc/schemas';
import { TEST_KDF } from '../helpers/kdf';
import { type NatsHandle, startNats } from '../helpers/nats';
import { makeDataDir } from '../helpers/tmp';

export const PASSWORD = 'correct horse battery';

export interface Wallet {
  dir: string;
  vault: Vault;
  queue: RequestQueue;
  service: NatsSigningService;
  logs: string[];
  /** Resolves on the next 'listening' event. */
  listening(): Promise<void>;
  /** Resolves on the next 'discoverable' event (the micro service registered). */
  discoverable(): Promise<void>;
  close(): Promise<void>;
}

export interface WalletOptions {
  approve?: 'auto' | 'ask' | 'deny';
  keyspace?: string | null;
  sessionPassword?: string | null;
  secretStore?: 'file' | 'keychain';
  /** 'real' uses the vault's default scrypt cost (N=2^17), as the CLI and the app do. */
  kdf?: 'fast' | 'real';
  service?: Partial<NatsSigningServiceOptions>;
  /** Queue options over the fixture's own (which lift the rate limit and the global cap). */
  queue?: Partial<QueueOptions>;
}

/** Builds a wallet (vault + queue + service) that is not yet started. */
export async function makeWallet(opts: WalletOptions = {}): Promise<Wallet> {
  const data = await makeDataDir('nats-wallet-');
  const secretStore = await createSecretStore({
    kind: opts.secretStore ?? 'file',
    dataDir: data.dir,
    service: `signing-wallet-test-nats-${process.pid}-${Date.now()}`,
  });
  const vault = await Vault.open({
    dataDir: join(data.dir, 'vault'),
    secretStore,
    autoLockMs: 0,
    ...(opts.kdf === 'real' ? {} : { kdf: TEST_KDF }),
  });
  const queue = await RequestQueue.open({
    dataDir: join(data.dir, 'queue'),
    signer: vault,
    warn: () => {},
    rateLimit: { perSecond: 100_000, burst: 100_000 },
    allowedRateLimit: { perSecond: 100_000, burst: 100_000 },
    maxPending: 5_000,
    ...opts.queue,
  });
  if (opts.approve === 'auto') queue.policies.setFallback('auto');
  if (opts.approve === 'deny') queue.policies.setFallback('deny');
  const logs: string[] = [];
  const service = new NatsSigningService({
    vault,
    queue,
    sessionPassword: opts.sessionPassword === undefined ? PASSWORD : opts.sessionPassword,
    log: (line) => logs.push(line),
    version: '0.1.0',
    ...opts.service,
  });
  return {
    dir: data.dir,
    vault,
    queue,
    service,
    logs,
    listening: () => new Promise((resolve) => service.once('listening', () => resolve())),
    discoverable: () => new Promise((resolve) => service.once('discoverable', () => resolve())),
    async close() {
      await service.stop();
      await queue.close();
      vault.close();
      await rm(data.dir, { recursive: true, force: true });
    },
  };
}

/** A NATS config for one server with no auth, on the default subject unless told. */
export function natsConfig(server: NatsHandle | string, extra: Partial<NatsConfigInput> = {}): NatsConfigInput {
  return { enabled: true, servers: [typeof server === 'string' ? server : server.url], ...extra };
}

/** Starts the wallet's service on `server` and waits until it is subscribed and discoverable. */
export async function startWallet(server: NatsHandle, opts: WalletOptions = {}, extra: Partial<NatsConfigInput> = {}) {
  const wallet = await makeWallet(opts);
  const ready = Promise.all([wallet.listening(), wallet.discoverable()]);
  await wallet.service.start(natsConfig(server, { keyspace: opts.keyspace ?? null, ...extra }));
  await ready;
  return wallet;
}

export async function client(server: NatsHandle, opts: Parameters<typeof connect>[0] = {}): Promise<NatsConnection> {
  return connect({ servers: [server.url], ...opts });
}

/** Builds nats.js headers from a plain record. */
export function toHeaders(record: Record<string, string>): MsgHdrs {
  const h = headers();
  for (const [k, v] of Object.entries(record)) h.set(k, v);
  return h;
}

/** A request whose reply is returned as text plus the headers that matter here. */
export async function ask(
  nc: NatsConnection,
  subject: string,
  payload: string | Uint8Array,
  opts: { headers?: Record<string, string>; timeout?: number } = {},
): Promise<{ text: string; header: (name: string) => string | undefined }> {
  const msg = await nc.request(subject, payload, {
    timeout: opts.timeout ?? 10_000,
    ...(opts.headers ? { headers: toHeaders(opts.headers) } : {}),
  });
  return {
    text: msg.string(),
    header: (name) => (msg.headers?.has(name) ? msg.headers.get(name) : undefined),
  };
}

export { type NatsHandle, startNats };

/**
 * Rules under which scripts that create keyspaces and keypairs run without a prompt: the script is
 * allowed and a key-management rule names both kinds (auto and grants never cover them).
 */
export function allowKeyManagementScripts(queue: RequestQueue): void {
  queue.addPolicy({ effect: 'allow', operation: 'script', label: 'test scripts' });
  queue.addPolicy({
    effect: 'allow',
    operation: 'key_management',
    keyManagement: ['create_keyspace', 'create_keypair'],
    label: 'test scripts make keys',
  });
}
