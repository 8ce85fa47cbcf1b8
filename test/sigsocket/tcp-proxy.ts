// A loopback TCP proxy a test can cut: drops a wallet's connection while the server stays up, which is
// how a request gets replayed to a wallet that may already have decided it.
import { connect, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Destroys every open connection (both sides see a reset). */
  cut(): void;
  /** While paused, new connections are accepted and dropped at once. */
  pause(paused: boolean): void;
  close(): Promise<void>;
}

/** Starts a proxy on a free port forwarding to 127.0.0.1:targetPort. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let paused = false;
  const server = createServer((inbound) => {
    if (paused) {
      inbound.destroy();
      return;
    }
    const outbound = connect(targetPort, '127.0.0.1');
    for (const s of [inbound, outbound]) {
      open.add(s);
      s.on('error', () => {});
      s.on('close', () => {
        open.delete(s);
        inbound.destroy();
        outbound.destroy();
      });
    }
    inbound.pipe(outbound);
    outbound.pipe(inbound);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    cut: () => {
      for (const s of open) s.destroy();
    },
    pause: (p) => {
      paused = p;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of open) s.destroy();
        server.close(() => r());
      }),
  };
}
