// A no-echo terminal prompt for passwords and passphrases, reading keys one by one in raw mode.
import { WalletError } from '../../shared/errors';

/**
 * Reads one line from the terminal without echoing it. Raw mode lets us see each key: Enter
 * ends, Backspace edits, Ctrl-C / Ctrl-D cancel; other control keys are ignored.
 */
export function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) throw new WalletError('bad_input', 'cannot prompt: stdin is not a terminal');
  // raw mode before the prompt shows: keys typed the moment it appears must not be echoed
  stdin.setRawMode(true);
  process.stderr.write(question);
  stdin.setEncoding('utf8');
  stdin.resume();
  let value = '';
  return new Promise((resolve, reject) => {
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003' || ch === '\u0004') {
          finish();
          reject(new WalletError('bad_input', 'cancelled'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = Array.from(value).slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
