// When a batching writer starts its next write: right after the turn when idle, at most once per interval when busy.

/**
 * Schedules a writer's flush. A writer given lines while idle flushes right after the current turn
 * (setImmediate), so a quiet process writes as promptly as before. Once it has written, the next
 * flush starts no sooner than `intervalMs` after that write began: a busy process gathers the lines
 * of many turns into one write, instead of paying a write (a syscall, for the audit log a thread-pool
 * round trip) per request. The timer is ref'd, so scheduled lines keep the process alive until written.
 */
export class PacedWrites {
  private scheduled = false;
  private lastWriteAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly intervalMs: number,
    private readonly flush: () => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Asks for a flush; one already scheduled covers this one too. */
  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const wait = this.lastWriteAt + this.intervalMs - this.now();
    if (wait <= 0) setImmediate(this.run);
    else setTimeout(this.run, wait);
  }

  /** Records that a write began now, whoever started it (a scheduled flush, a size limit, close). */
  wrote(): void {
    this.lastWriteAt = this.now();
  }

  private readonly run = (): void => {
    this.scheduled = false;
    this.flush();
  };
}
