// IdleTimer: the idle auto-lock timer of one unlocked keyspace.
/**
 * Fires `onIdle` once no `touch()` came for `ms`. Touch only stamps the time (it is on the
 * signing hot path); the timer re-arms itself for the remainder when it wakes early.
 * The timer is unref'd so an unlocked keyspace never keeps a process alive.
 */
export class IdleTimer {
  private last = performance.now();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private ms: number,
    private readonly onIdle: () => void,
  ) {
    if (Number.isFinite(ms) && ms > 0) this.arm(ms);
  }

  /** A new idle limit (the user changed auto-lock minutes); time already idle counts toward it. */
  setLimit(ms: number): void {
    this.stop();
    this.ms = ms;
    if (!Number.isFinite(ms) || ms <= 0) return;
    this.arm(Math.max(0, ms - (performance.now() - this.last)));
  }

  touch(): void {
    this.last = performance.now();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(delay: number): void {
    this.timer = setTimeout(() => {
      const idle = performance.now() - this.last;
      if (idle >= this.ms) {
        this.timer = undefined;
        this.onIdle();
      } else {
        this.arm(this.ms - idle);
      }
    }, delay);
    this.timer.unref();
  }
}
