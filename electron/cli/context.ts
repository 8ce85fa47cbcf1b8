/** What every crypto-cli command shares: the global options, opening the vault or the whole core, printing results. */
import type { Command } from 'commander';
import type { SecretStoreKind } from '../../shared/domain';
import type { KeypairInfo, SecretStore } from '../core/vault';
import { createSecretStore, resolveDataDir, Vault } from '../core/vault';
import type { Core, CoreOptions } from '../core/wallet/core';

/** The global options every command sees (they go before the command name). */
export interface GlobalOptions {
  dataDir?: string;
  json?: boolean;
  secretStore: SecretStoreKind;
}

export function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

/** Opens the vault the global options name, runs `fn`, and always locks everything afterwards. */
export async function withVault<T>(cmd: Command, fn: (vault: Vault) => Promise<T>): Promise<T> {
  const g = globals(cmd);
  const dataDir = resolveDataDir(g.dataDir);
  const secretStore = await createSecretStore({ kind: g.secretStore, dataDir });
  warnFileStore(secretStore);
  const vault = await Vault.open({ dataDir, secretStore });
  try {
    return await fn(vault);
  } finally {
    vault.close();
  }
}

/**
 * The core (openCore) for a long-running command (listen, connect): no idle lock, since the process
 * holds only the keyspace its flags opened, and every warning on stderr, the file store's first.
 */
export async function openCliCore(
  cmd: Command,
  options: Pick<CoreOptions, 'rateLimit' | 'allowedRateLimit'> = {},
): Promise<Core> {
  const g = globals(cmd);
  // Loaded here, not at the top: the vault-only commands would otherwise pay for the queue at start.
  const { openCore } = await import('../core/wallet/core');
  const core = await openCore({
    dataDir: resolveDataDir(g.dataDir),
    secretStore: g.secretStore,
    autoLockMs: 0,
    rateLimit: options.rateLimit,
    allowedRateLimit: options.allowedRateLimit,
    warn: (message) => process.stderr.write(`warning: ${message}\n`),
  });
  warnFileStore(core.secrets);
  return core;
}

/** The file store protects secrets only by file permissions: every command that opens it says so. */
function warnFileStore(store: SecretStore): void {
  if (store.kind === 'file') process.stderr.write(`warning: ${store.describe().warning}\n`);
}

/** Prints `json` (one line) with --json, else the human-readable text. */
export function output(cmd: Command, json: unknown, text: string): void {
  process.stdout.write(globals(cmd).json ? `${JSON.stringify(json)}\n` : `${text}\n`);
}

/** The CLI's JSON shape of a keypair: snake_case, the same fields a keypair has in the NATS JSON replies. */
export function keypairJson(k: KeypairInfo) {
  return { name: k.name, type: k.type, public_key: k.publicKey, path: k.path };
}

export function keypairText(k: KeypairInfo): string {
  return `${k.name}\t${k.type}\t${k.publicKey}\t${k.path ?? 'imported'}`;
}
