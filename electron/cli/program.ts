// The crypto-cli program: global options and one registration line per command module.
import { Command, Option } from 'commander';
import { SECRET_STORE_KINDS } from '../../shared/domain';
import { registerAuditCommands } from './commands/audit';
import { registerBackupCommands } from './commands/backup';
import { registerConnectCommand } from './commands/connect';
import { registerContactsCommands } from './commands/contacts';
import { registerKeypairCommands } from './commands/keypair';
import { registerKeyspaceCommands } from './commands/keyspace';
import { registerListenCommand } from './commands/listen';
import { registerSignCommand } from './commands/sign';
import { registerUiCommand } from './commands/ui';
import { registerVerifyCommand } from './commands/verify';

/** A command module adds its commands to the program; one line per module below registers it. */
export type RegisterCommands = (program: Command) => void;

const COMMANDS: RegisterCommands[] = [
  registerKeyspaceCommands,
  registerKeypairCommands,
  registerSignCommand,
  registerVerifyCommand,
  registerConnectCommand,
  registerListenCommand,
  registerUiCommand,
  registerAuditCommands,
  registerBackupCommands,
  registerContactsCommands,
];

/**
 * The crypto-cli program. Global options go before the command. Errors are thrown rather than
 * printed (exitOverride, silent outputError) so index.ts prints exactly one line for each.
 */
export function buildProgram(extra: RegisterCommands[] = []): Command {
  const program = new Command('crypto-cli')
    .description('Signing wallet: keyspaces in the OS keychain, keypairs, signing and verification')
    .option('--data-dir <dir>', 'data directory (default: WALLET_DATA_DIR, else the app-data folder)')
    .option('--json', 'print machine-readable JSON')
    .addOption(
      new Option('--secret-store <kind>', 'where encrypted secrets live; "file" is an opt-in fallback')
        .choices(SECRET_STORE_KINDS)
        .default('keychain'),
    )
    .exitOverride()
    .configureOutput({ outputError: () => {} })
    .showSuggestionAfterError(true);
  for (const register of [...COMMANDS, ...extra]) register(program);
  return program;
}
