// The CLI as a function: runs one argv and returns the exit code, so tests can run it in-process.
import { describeFailure } from './errors';
import { buildProgram } from './program';

/**
 * Runs crypto-cli on an argv and returns its exit code: every failure becomes one stderr line,
 * never a stack trace. Commands may set process.exitCode (verify: 1 = invalid); it is read and
 * restored here, so tests can run the CLI in-process without changing their own exit code.
 */
export async function main(argv: string[]): Promise<number> {
  const outer = process.exitCode;
  process.exitCode = undefined;
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (e) {
    // options parse left to right, so a --json before the failing part is already known
    const json = program.opts().json === true || argv.slice(2).includes('--json');
    const failure = describeFailure(e, json);
    if (failure.line) process.stderr.write(`${failure.line}\n`);
    return failure.exitCode;
  } finally {
    process.exitCode = outer;
  }
}
