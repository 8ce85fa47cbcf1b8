// crypto-cli keypair create | import | list | rename | remove: the keypairs of one keyspace.
import { type Command, Option } from 'commander';
import type { KeypairInfo } from '../../core/vault';
import { keypairJson, keypairText, output, withVault } from '../context';
import { readPassword, readPrivateKey } from '../inputs';

function keypairOutput(cmd: Command, k: KeypairInfo): void {
  output(cmd, keypairJson(k), keypairText(k));
}

/** `crypto-cli keypair …`: create, import, list, rename, remove. */
export function registerKeypairCommands(program: Command): void {
  const keypair = program.command('keypair').description('manage the keypairs of a keyspace');

  keypair
    .command('create <keyspace> <name>')
    .description('derive the next keypair of a type from the keyspace mnemonic')
    .addOption(new Option('--type <type>', 'key type').choices(['secp256k1', 'ed25519']).default('secp256k1'))
    .option('--password-file <file>', 'read the keyspace password from this file')
    .action(
      async (
        ks: string,
        name: string,
        opts: { type: 'secp256k1' | 'ed25519'; passwordFile?: string },
        cmd: Command,
      ) => {
        const password = await readPassword(opts.passwordFile, ks);
        const k = await withVault(cmd, async (v) => {
          await v.unlock(ks, password);
          return v.createKeypair(ks, name, { type: opts.type });
        });
        keypairOutput(cmd, k);
      },
    );

  keypair
    .command('import <keyspace> <name>')
    .description('import a raw secp256k1 private key (hex) into the keyspace')
    .option('--private-key-file <file>', 'read the private key (64 hex characters) from this file')
    .option('--password-file <file>', 'read the keyspace password from this file')
    .action(
      async (ks: string, name: string, opts: { privateKeyFile?: string; passwordFile?: string }, cmd: Command) => {
        const privateKey = await readPrivateKey(opts.privateKeyFile);
        const password = await readPassword(opts.passwordFile, ks);
        const k = await withVault(cmd, async (v) => {
          await v.unlock(ks, password);
          return v.importKeypair(ks, name, privateKey);
        });
        keypairOutput(cmd, k);
      },
    );

  keypair
    .command('list <keyspace>')
    .description('list the keypairs of a keyspace (no password needed)')
    .action(async (ks: string, _opts: unknown, cmd: Command) => {
      const list = await withVault(cmd, async (v) => v.listKeypairs(ks));
      output(cmd, list.map(keypairJson), list.length ? list.map(keypairText).join('\n') : 'no keypairs');
    });

  keypair
    .command('rename <keyspace> <old> <new>')
    .description('rename a keypair')
    .option('--password-file <file>', 'read the keyspace password from this file')
    .action(async (ks: string, oldName: string, newName: string, opts: { passwordFile?: string }, cmd: Command) => {
      const password = await readPassword(opts.passwordFile, ks);
      const k = await withVault(cmd, async (v) => {
        await v.unlock(ks, password);
        await v.renameKeypair(ks, oldName, newName);
        return v.findKeypair(ks, newName)!;
      });
      keypairOutput(cmd, k);
    });

  keypair
    .command('remove <keyspace> <name>')
    .description('remove a keypair (a derived one can be created again from the mnemonic)')
    .option('--password-file <file>', 'read the keyspace password from this file')
    .action(async (ks: string, name: string, opts: { passwordFile?: string }, cmd: Command) => {
      const password = await readPassword(opts.passwordFile, ks);
      await withVault(cmd, async (v) => {
        await v.unlock(ks, password);
        await v.removeKeypair(ks, name);
      });
      output(cmd, { keyspace: ks, removed: name }, `Keypair "${name}" removed from keyspace "${ks}".`);
    });
}
