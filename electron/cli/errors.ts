// How crypto-cli reports a failure: one stderr line (JSON with --json) and its exit code, never a stack trace.
import { CommanderError } from 'commander';
import { type ErrorDetails, WalletError } from '../../shared/errors';

/** Exit codes: 0 success, 1 a signature that does not verify, 2 a usage error (`bad_input`) or any other failure. */
export const EXIT_INVALID = 1;
export const EXIT_ERROR = 2;

export interface CliFailure {
  exitCode: number;
  /** One line for stderr (no trailing newline), or null when commander already printed help/version. */
  line: string | null;
}

/**
 * Maps anything thrown to one stderr line and an exit code; never a stack trace. With --json the
 * line is {"error":{"code","message","details"?}}. Unexpected errors say 'internal error' plus their
 * message, which our own code never fills with secrets: input the user can correct must surface as a
 * WalletError('bad_input') or a commander InvalidArgumentError, never as a plain Error.
 */
export function describeFailure(e: unknown, json: boolean): CliFailure {
  let code: string;
  let message: string;
  let details: ErrorDetails | undefined;
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') {
      return { exitCode: e.exitCode, line: null };
    }
    code = 'bad_input';
    message = e.message.replace(/^error: /, '');
  } else if (e instanceof WalletError) {
    code = e.code;
    message = e.message;
    details = e.details;
  } else {
    code = 'internal';
    message = `internal error: ${e instanceof Error ? e.message : String(e)}`;
  }
  const line = json ? JSON.stringify({ error: { code, message, details } }) : `crypto-cli: ${message}`;
  return { exitCode: EXIT_ERROR, line: line.replace(/\s*\n\s*/g, ' ') };
}
