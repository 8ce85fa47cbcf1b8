// SerialQueue: runs async operations one at a time, in the order they were queued.

/** Runs async operations one at a time, so read-modify-write sequences never interleave. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** A failed operation does not stop the ones queued after it. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
