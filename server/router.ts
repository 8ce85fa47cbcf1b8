// Where POST /sign, /connected and /status find their answers: this instance's hub when it runs
// standalone; with NATS, the cluster (see cluster/). The HTTP layer only sees this interface.
import type { Hub, SignOutcome } from './hub';

/** One instance's counts, as /status shows them. */
export interface InstanceCounts {
  id: string;
  connections: number;
  pending: number;
}

/** GET /status: totals, plus per-instance counts when clustered. */
export type StatusView =
  | { connections: number; pending: number }
  | { connections: number; pending: number; instances: InstanceCounts[] };

export interface SignRouter {
  /** Delivers a request to the wallet holding `key`, wherever it is connected; never rejects. */
  sign(key: string, message: Uint8Array, onCancel?: (cancel: () => void) => void): Promise<SignOutcome>;
  /** Whether a proven wallet holds `key` anywhere. */
  connected(key: string): Promise<boolean>;
  status(): Promise<StatusView>;
}

/** The standalone router: everything answered by this instance's hub, exactly as without a cluster. */
export function localRouter(hub: Hub): SignRouter {
  return {
    sign: (key, message, onCancel) => hub.submit(key, message, onCancel),
    connected: async (key) => hub.isConnected(key),
    status: async () => hub.stats(),
  };
}
