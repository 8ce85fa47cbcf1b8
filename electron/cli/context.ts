import type { Command } from 'commander';
import type { SecretStoreKind } from '../../shared/domain';
import type { KeypairInfo } from '../core/vault';
import { createSecretStore, resolveDataDir, Vault } from '../core/vault';

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
  if (secretStore.kind === 'file') process.stderr.write(`warning: ${secretStore.describe().warning}\n`);
  const vault = await Vault.open({ dataDir, secretStore });
  try {
    return await fn(vault);
  } finally {
    vault.close();
  }
}

/** Prints `json` (one line) with --json, else the human-readable text. */
export function output(cmd: Command, json: unknown, text: string): void {
  process.stdout.write(globals(cmd).json ? `${JSON.stringify(json)}\n` : `${text}\n`);
}

/** The CLI's JSON shape of a keypair (snake_case, as the issue specifies). */
export function keypairJson(k: KeypairInfo) {
  return { name: k.name, type: k.type, public_key: k.publicKey, path: k.path };
}

export function keypairText(k: KeypairInfo): string {
  return `${k.name}\t${k.type}\t${k.publicKey}\t${k.path ?? 'imported'}`;
}
