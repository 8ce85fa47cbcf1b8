// Log lines of a busy CLI process, batched into one stderr write per event-loop turn.
import type { Writable } from 'node:stream';

/** Lines past this many characters are written at once rather than waiting for the next turn. */
const MAX_PENDING_CHARS = 64 * 1024;

export interface BufferedLines {
  /** Queues one line (a newline is added); it reaches the stream after the current turn of the event loop. */
  write(line: string): void;
  /** Writes every queued line now. */
  flush(): void;
  /** Flushes and stops flushing on process exit. */
  close(): void;
}

/**
 * Per-request log lines batched into one write per event-loop turn: writing stderr is synchronous for
 * files, terminals and (on Linux) pipes, so a line per request written at once would stall the request path. Lines queued
 * when the process exits are still written on 'exit', so none is lost on a normal exit.
 */
export function bufferedLines(out: Writable = process.stderr): BufferedLines {
  let pending: string[] = [];
  let chars = 0;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    chars = 0;
    out.write(text);
  };
  process.on('exit', flush);
  return {
    write(line) {
      pending.push(`${line}\n`);
      chars += line.length + 1;
      if (chars >= MAX_PENDING_CHARS) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
    close() {
      flush();
      process.off('exit', flush);
    },
  };
}
