import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { bufferedLines } from './buffered-lines';

function sink() {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { out, chunks };
}

const nextTurn = () => new Promise((r) => setImmediate(r));

describe('bufferedLines', () => {
  it('writes the lines of one turn as one chunk, in order, on the next turn', async () => {
    const { out, chunks } = sink();
    const lines = bufferedLines(out, 0);
    lines.write('a');
    lines.write('b');
    expect(chunks).toEqual([]);
    await nextTurn();
    expect(chunks).toEqual(['a\nb\n']);
    lines.write('c');
    await nextTurn();
    expect(chunks).toEqual(['a\nb\n', 'c\n']);
    lines.close();
  });

  it('a busy process writes at most once per interval: later lines wait for it, then go out together', async () => {
    const { out, chunks } = sink();
    const lines = bufferedLines(out, 500);
    lines.write('a');
    await nextTurn();
    expect(chunks).toEqual(['a\n']); // quiet: right after the turn
    lines.write('b');
    await nextTurn();
    lines.write('c');
    await nextTurn();
    expect(chunks).toEqual(['a\n']); // within the interval of the last write: gathered, not written
    await new Promise((r) => setTimeout(r, 650));
    expect(chunks).toEqual(['a\n', 'b\nc\n']);
    lines.close();
  });

  it('close() writes what is queued at once, and nothing twice', async () => {
    const { out, chunks } = sink();
    const lines = bufferedLines(out);
    lines.write('last words');
    lines.close();
    expect(chunks).toEqual(['last words\n']);
    await nextTurn();
    expect(chunks).toEqual(['last words\n']);
  });

  it('flushes at once when the queued text grows large, without waiting for the turn', () => {
    const { out, chunks } = sink();
    const lines = bufferedLines(out);
    const big = 'x'.repeat(40 * 1024);
    lines.write(big);
    expect(chunks).toEqual([]);
    lines.write(big);
    expect(chunks).toEqual([`${big}\n${big}\n`]);
    lines.close();
  });

  it('flushes on process exit, so lines queued before an exit are not lost', () => {
    const { out, chunks } = sink();
    const lines = bufferedLines(out);
    lines.write('queued');
    process.emit('exit', 0);
    expect(chunks).toEqual(['queued\n']);
    lines.close();
  });
});
