// Log lines of a busy CLI process, batched: one stderr write per turn when quiet, per interval when busy.
import type { Writable } from 'node:stream';
import { PacedWrites } from '../../shared/node/paced-writes';

/** Lines past this many characters are written at once rather than waiting for the next turn. */
const MAX_PENDING_CHARS = 64 * 1024;
/** A busy process writes its log at most once per this many ms; a person reading it cannot tell. */
export const LOG_WRITE_INTERVAL_MS = 20;

export interface BufferedLines {
  /** Queues one line (a newline is added); it reaches the stream after the current turn, or the interval when busy. */
  write(line: string): void;
  /** Writes every queued line now. */
  flush(): void;
  /** Flushes and stops flushing on process exit. */
  close(): void;
}

/**
 * Per-request log lines batched into one write: writing stderr is synchronous for files, terminals and
 * (on Linux) pipes, so a line per request written at once would stall the request path. A quiet process
 * writes after the turn; a busy one at most once per `intervalMs` (PacedWrites). Lines queued when the
 * process exits are still written on 'exit', so none is lost on a normal exit.
 */
export function bufferedLines(out: Writable = process.stderr, intervalMs = LOG_WRITE_INTERVAL_MS): BufferedLines {
  let pending: string[] = [];
  let chars = 0;
  const flush = () => {
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    chars = 0;
    pacing.wrote();
    out.write(text);
  };
  const pacing = new PacedWrites(intervalMs, flush);
  process.on('exit', flush);
  return {
    write(line) {
      pending.push(`${line}\n`);
      chars += line.length + 1;
      if (chars >= MAX_PENDING_CHARS) flush();
      else pacing.schedule();
    },
    flush,
    close() {
      flush();
      process.off('exit', flush);
    },
  };
}
