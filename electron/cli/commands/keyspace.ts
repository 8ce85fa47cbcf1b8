// crypto-cli keyspace create | import | list | export-mnemonic | change-password | delete.
import { type Command, Option } from 'commander';
import { keypairJson, keypairText, output, withVault } from '../context';
import { readMnemonic, readNewPassword, readPassword } from '../inputs';

/** `crypto-cli keyspace …`: create, import, list, export-mnemonic, change-password, delete. */
export function registerKeyspaceCommands(program: Command): void {
  const keyspace = program.command('keyspace').description('manage keyspaces (password-protected sets of keys)');

  keyspace
    .command('create <name>')
    .description('create a keyspace from a new mnemonic, printed once for backup')
    .addOption(new Option('--words <n>', 'mnemonic length').choices(['12', '24']).default('24'))
    .option('--password-file <file>', 'read the new password from this file')
    .action(async (name: string, opts: { words: string; passwordFile?: string }, cmd: Command) => {
      const password = await readNewPassword(opts.passwordFile, name);
      const { mnemonic } = await withVault(cmd, (v) =>
        v.createKeyspace(name, password, { words: opts.words === '12' ? 12 : 24 }),
      );
      output(
        cmd,
        { keyspace: name, mnemonic },
        `Keyspace "${name}" created. Write down its recovery phrase; it is shown only this once:\n\n${mnemonic}`,
      );
    });

  keyspace
    .command('import <name>')
    .description('create a keyspace from an existing BIP39 mnemonic')
    .option('--mnemonic-file <file>', 'read the mnemonic from this file')
    .option('--password-file <file>', 'read the new password from this file')
    .action(async (name: string, opts: { mnemonicFile?: string; passwordFile?: string }, cmd: Command) => {
      const mnemonic = await readMnemonic(opts.mnemonicFile);
      const password = await readNewPassword(opts.passwordFile, name);
      await withVault(cmd, (v) => v.importKeyspace(name, mnemonic, password));
      output(cmd, { keyspace: name }, `Keyspace "${name}" imported.`);
    });

  keyspace
    .command('list')
    .description('list keyspaces and their public keys (no password needed)')
    .action(async (_opts: unknown, cmd: Command) => {
      const list = await withVault(cmd, async (v) => v.listKeyspaces());
      const json = list.map((ks) => ({ name: ks.name, keypairs: ks.keypairs.map(keypairJson) }));
      const text = list.length
        ? list
            .map((ks) =>
              [`${ks.name} (${ks.keypairs.length} keypairs)`, ...ks.keypairs.map((k) => `  ${keypairText(k)}`)].join(
                '\n',
              ),
            )
            .join('\n')
        : 'no keyspaces';
      output(cmd, json, text);
    });

  keyspace
    .command('export-mnemonic <name>')
    .description('show the mnemonic of a keyspace again (needs its password)')
    .option('--password-file <file>', 'read the password from this file')
    .action(async (name: string, opts: { passwordFile?: string }, cmd: Command) => {
      const password = await readPassword(opts.passwordFile, name);
      const mnemonic = await withVault(cmd, (v) => v.revealMnemonic(name, password));
      output(cmd, { keyspace: name, mnemonic }, mnemonic);
    });

  keyspace
    .command('change-password <name>')
    .description("change a keyspace's password")
    .option('--password-file <file>', 'read the current password from this file')
    .option('--new-password-file <file>', 'read the new password from this file')
    .action(async (name: string, opts: { passwordFile?: string; newPasswordFile?: string }, cmd: Command) => {
      const oldPassword = await readPassword(opts.passwordFile, name);
      const newPassword = await readNewPassword(opts.newPasswordFile, name, '--new-password-file');
      await withVault(cmd, (v) => v.changePassword(name, oldPassword, newPassword));
      output(cmd, { keyspace: name }, `Password of keyspace "${name}" changed.`);
    });

  keyspace
    .command('delete <name>')
    .description('delete a keyspace and its keys (needs its password)')
    .option('--password-file <file>', 'read the password from this file')
    .action(async (name: string, opts: { passwordFile?: string }, cmd: Command) => {
      const password = await readPassword(opts.passwordFile, name);
      await withVault(cmd, (v) => v.deleteKeyspace(name, password));
      output(cmd, { keyspace: name, deleted: true }, `Keyspace "${name}" deleted.`);
    });
}
