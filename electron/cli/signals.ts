/**
 * Resolves on the first SIGINT or SIGTERM, so long-running commands can shut down cleanly. Until then
 * the process stays up: signal listeners alone do not keep Node's event loop alive, and a command with
 * nothing else pending (a SigSocket connection paused on a changed certificate) would otherwise exit by itself.
 */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const keepAlive = setInterval(() => {}, 2 ** 30);
    const done = (signal: NodeJS.Signals) => {
      clearInterval(keepAlive);
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve(signal);
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}
