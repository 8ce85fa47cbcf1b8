import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli';
import { type CliWorld, cliWorld } from './cli-helpers';
import { requireKeychainSession, systemPython } from './support';

const run = promisify(execFile);

/** Runs a command on a pseudo-terminal, answers each prompt in turn, and prints the exit code then the screen. */
const PTY_DRIVER = `
import json, os, pty, select, sys, time
answers = json.loads(sys.argv[1]); argv = sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)
screen = b''
def read(timeout):
    global screen
    r, _, _ = select.select([fd], [], [], timeout)
    if not r: return False
    try: chunk = os.read(fd, 4096)
    except OSError: return None
    if not chunk: return None
    screen += chunk
    return True
for prompt, answer in answers:
    deadline = time.time() + 60
    while prompt.encode() not in screen and time.time() < deadline:
        if read(1) is None: break
    screen += b'<typed>'
    os.write(fd, answer.encode() + b'\\r')
    time.sleep(0.2)
while read(60): pass
_, status = os.waitpid(pid, 0)
print(os.waitstatus_to_exitcode(status))
sys.stdout.write(screen.decode(errors='replace'))
`;

describe('crypto-cli prompts for passwords on a terminal, without echo', () => {
  let w: CliWorld;
  let python: string;
  beforeAll(async () => {
    requireKeychainSession();
    w = await cliWorld('prompt');
    python = await systemPython();
  });
  afterAll(() => w.cleanup());

  async function onTerminal(args: string[], answers: Array<[string, string]>) {
    const { stdout } = await run(
      python,
      [
        '-c',
        PTY_DRIVER,
        JSON.stringify(answers),
        process.execPath,
        '--import',
        'tsx',
        'electron/cli/index.ts',
        ...args,
      ],
      { cwd: REPO_ROOT, env: { ...process.env, WALLET_KEYCHAIN_SERVICE: w.service, WALLET_DATA_DIR: w.dir } },
    );
    const [code, ...screen] = stdout.split('\n');
    return { code: Number(code), screen: screen.join('\n') };
  }

  it('asks twice for a new password, never shows it, and creates the keyspace', async () => {
    const { code, screen } = await onTerminal(
      ['keyspace', 'create', 'typed', '--words', '12'],
      [
        ['New password for keyspace "typed": ', 'typed-secret-1'],
        ['Repeat the password: ', 'typed-secret-1'],
      ],
    );
    expect(screen).not.toContain('typed-secret-1');
    expect(screen).toMatch(/Keyspace "typed" created/);
    expect(code).toBe(0);
  });

  it('a wrong typed password is "wrong password"', async () => {
    const { code, screen } = await onTerminal(
      ['keyspace', 'export-mnemonic', 'typed'],
      [['Password for keyspace "typed": ', 'not-it-at-all']],
    );
    expect(screen).not.toContain('not-it-at-all');
    expect(screen).toMatch(/crypto-cli: wrong password/);
    expect(code).toBe(2);
  });
});
