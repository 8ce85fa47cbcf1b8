// Structured logs: one JSON object per line on stderr. Callers pass ids, keys, sizes and outcomes,
// never message bodies or signatures.

export type LogSink = (line: Record<string, unknown>) => void;
export type LogFn = (level: 'info' | 'warn' | 'error', event: string, fields?: Record<string, unknown>) => void;

let buffered: string[] = [];
let flushScheduled = false;

/** Writes whatever lines are waiting, in one write. */
export function flushStderr(): void {
  flushScheduled = false;
  if (buffered.length === 0) return;
  const text = buffered.join('');
  buffered = [];
  process.stderr.write(text);
}

/**
 * The default sink: JSON lines on stderr, so stdout stays free for whoever embeds the server. Lines are
 * gathered and written once per event-loop turn, after the turn's answers went out, so a request's log
 * line never costs its caller a system call on the hot path.
 */
export const stderrSink: LogSink = (line) => {
  buffered.push(`${JSON.stringify(line)}\n`);
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flushStderr);
  }
};

/** Stamps each line with time, level and event name before handing it to the sink. */
export function createLogger(sink: LogSink): LogFn {
  return (level, event, fields = {}) => {
    try {
      sink({ t: new Date().toISOString(), level, event, ...fields });
    } catch {
      // A failing sink (closed stderr, a throwing test collector) must never take the server down.
    }
  };
}
