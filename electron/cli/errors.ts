import { CommanderError } from 'commander';
import { WalletError } from '../../shared/errors';

/** Exit codes: 0 success, 1 a signature that does not verify, 2 any error. */
export const EXIT_INVALID = 1;
export const EXIT_ERROR = 2;

export interface CliFailure {
  exitCode: number;
  /** One line for stderr (no trailing newline), or null when commander already printed help/version. */
  line: string | null;
}

/**
 * Maps anything thrown to one stderr line and an exit code; never a stack trace. With --json the
 * line is {"error":{"code","message"}}. Unexpected errors say 'internal error' plus their message,
 * which our own code never fills with secrets.
 */
export function describeFailure(e: unknown, json: boolean): CliFailure {
  let code: string;
  let message: string;
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') {
      return { exitCode: e.exitCode, line: null };
    }
    code = 'bad_input';
    message = e.message.replace(/^error: /, '');
  } else if (e instanceof WalletError) {
    code = e.code;
    message = e.message;
  } else {
    code = 'internal';
    message = `internal error: ${e instanceof Error ? e.message : String(e)}`;
  }
  const line = json ? JSON.stringify({ error: { code, message } }) : `crypto-cli: ${message}`;
  return { exitCode: EXIT_ERROR, line: line.replace(/\s*\n\s*/g, ' ') };
}
