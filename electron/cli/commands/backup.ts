// crypto-cli backup create | restore: the whole wallet written to one age file, and read back.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { SecretStoreKind } from '../../../shared/domain';
import { WalletError } from '../../../shared/errors';
import { writeFileAtomic } from '../../../shared/node/atomic-file';
import {
  type AgeKeys,
  type AgeUnlock,
  ageDecrypt,
  ageEncrypt,
  collectBackup,
  MAX_BACKUP_BYTES,
  parseBackup,
  parseIdentityFile,
  restoreBackup,
  saveBackupState,
} from '../../core/backup';
import { createSecretStore, resolveDataDir } from '../../core/vault';
import { loadIndex } from '../../core/vault/index-file';
import { globals, output } from '../context';
import { readBackupPassphrase } from '../inputs';

/** Repeatable --recipient. */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Reads a bounded file whole, with one clear error when it cannot. */
async function readBounded(file: string, what: string, max: number): Promise<Buffer> {
  const bytes = await readFile(file).catch((e: NodeJS.ErrnoException) => {
    throw new WalletError('bad_input', `cannot read the ${what} ${file}: ${e.code}`);
  });
  if (bytes.length > max) throw new WalletError('bad_input', `the ${what} ${file} is too large`);
  return bytes;
}

async function openStores(cmd: Command) {
  const g = globals(cmd);
  const dataDir = resolveDataDir(g.dataDir);
  const store = await createSecretStore({ kind: g.secretStore, dataDir });
  if (store.kind === 'file') process.stderr.write(`warning: ${store.describe().warning}\n`);
  return { dataDir, store, openStore: (kind: SecretStoreKind) => createSecretStore({ kind, dataDir }) };
}

/** `crypto-cli backup create | restore`: the whole wallet in one age file, and back. */
export function registerBackupCommands(program: Command): void {
  const backup = program.command('backup').description('back up the whole wallet into one age file, or restore it');

  backup
    .command('create')
    .description('write keyspaces (still encrypted under their own passwords), policies and settings to an age file')
    .requiredOption('--out <file>', 'the age file to write')
    .option('--recipient <age1…>', 'encrypt to this age public key (repeatable)', collect)
    .option('--passphrase-file <file>', 'encrypt with the passphrase in this file (scrypt)')
    .option('--include-secrets', 'also include the NATS token or password')
    .action(
      async (
        opts: { out: string; recipient?: string[]; passphraseFile?: string; includeSecrets?: boolean },
        cmd: Command,
      ) => {
        if (opts.recipient && opts.passphraseFile) {
          throw new WalletError('bad_input', 'choose --recipient or --passphrase-file, not both');
        }
        const keys: AgeKeys = opts.recipient
          ? { recipients: opts.recipient }
          : { passphrase: await readBackupPassphrase(opts.passphraseFile) };
        const { dataDir, store, openStore } = await openStores(cmd);
        const doc = await collectBackup({
          dataDir,
          store,
          openStore,
          appVersion: process.env.npm_package_version ?? '0.1.0',
          includeSecrets: opts.includeSecrets === true,
        });
        const sealed = await ageEncrypt(new TextEncoder().encode(JSON.stringify(doc)), keys);
        await writeFileAtomic(opts.out, sealed, 0o600);
        await saveBackupState(dataDir, { keyspaces: (await loadIndex(dataDir)).keyspaces }, Date.parse(doc.createdAt));
        const names = doc.keyspaces.map((k) => k.name);
        output(
          cmd,
          { out: opts.out, keyspaces: names, secrets: doc.secrets !== undefined, auditHead: doc.audit.head },
          `wrote ${opts.out}: ${names.length} keyspace${names.length === 1 ? '' : 's'}${names.length ? ` (${names.join(', ')})` : ''}` +
            `${doc.secrets ? ', with the NATS secret' : ''}`,
        );
      },
    );

  backup
    .command('restore')
    .description('restore a backup into the data dir; existing keyspaces are kept unless --replace')
    .requiredOption('--in <file>', 'the age file to read')
    .option('--identity <file>', 'an age identity file (from age-keygen) that can decrypt it')
    .option('--passphrase-file <file>', 'the passphrase it was made with')
    .option('--replace', 'overwrite keyspaces of the same name, settings, policies and contacts')
    .action(
      async (opts: { in: string; identity?: string; passphraseFile?: string; replace?: boolean }, cmd: Command) => {
        if (opts.identity && opts.passphraseFile) {
          throw new WalletError('bad_input', 'choose --identity or --passphrase-file, not both');
        }
        const unlock: AgeUnlock = opts.identity
          ? { identities: parseIdentityFile((await readBounded(opts.identity, 'identity file', 64 * 1024)).toString()) }
          : { passphrase: await readBackupPassphrase(opts.passphraseFile) };
        const sealed = await readBounded(opts.in, 'backup', MAX_BACKUP_BYTES);
        const doc = parseBackup(await ageDecrypt(sealed, unlock));
        const { dataDir, store } = await openStores(cmd);
        const report = await restoreBackup(doc, { dataDir, store, replace: opts.replace === true });
        const lines = [
          `restored ${report.restored.length} keyspace${report.restored.length === 1 ? '' : 's'}` +
            (report.restored.length ? ` (${report.restored.join(', ')})` : '') +
            (report.replaced.length ? `, replacing ${report.replaced.join(', ')}` : ''),
          `settings: ${report.settings}; policies: ${report.policies}; contacts: ${report.contacts}` +
            (report.natsSecret ? '; NATS secret restored' : ''),
        ];
        if (doc.audit.head)
          lines.push(`the backed-up audit log ended at seq ${doc.audit.head.seq} (${doc.audit.head.sha256})`);
        output(cmd, { ...report, auditHead: doc.audit.head }, lines.join('\n'));
      },
    );
}
