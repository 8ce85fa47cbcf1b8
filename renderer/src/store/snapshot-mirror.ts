/**
 * The renderer's mirror of main's state. Main owns everything; this only keeps the newest snapshot
 * it has seen (by `seq`) and tells subscribers when it changes. Nothing here is ever written locally.
 */
import type { Result, WalletApi } from '../../../shared/ipc/contract';
import type { StateSnapshot } from '../../../shared/ipc/schemas';

export type MirrorSource = Pick<WalletApi, 'stateGet' | 'onStateSnapshot'>;

export interface MirrorView {
  snapshot: StateSnapshot | null;
  /** Why the first state:get failed, if it did (shown until a snapshot arrives). */
  error: string | null;
}

export interface SnapshotMirror {
  get(): MirrorView;
  subscribe(listener: () => void): () => void;
  /** Subscribes to pushes, then reads state:get; call once. */
  start(): Promise<void>;
  /** Re-reads state:get and takes it whatever its seq (after the transport reconnects, main may have restarted). */
  resync(): Promise<void>;
  stop(): void;
}

/** True when `next` may replace `current`: snapshots with a lower seq are stale and dropped. */
export function isNewer(current: StateSnapshot | null, next: StateSnapshot): boolean {
  return current === null || next.seq >= current.seq;
}

export function createSnapshotMirror(source: MirrorSource): SnapshotMirror {
  let view: MirrorView = { snapshot: null, error: null };
  const listeners = new Set<() => void>();
  let unsubscribe: (() => void) | null = null;

  const set = (next: MirrorView) => {
    view = next;
    for (const listener of listeners) listener();
  };
  const accept = (snapshot: StateSnapshot, force = false) => {
    if (view.snapshot === snapshot) return;
    if (!force && !isNewer(view.snapshot, snapshot)) return;
    set({ snapshot, error: null });
  };
  const read = async (force: boolean) => {
    const result: Result<StateSnapshot> = await source.stateGet();
    if (result.ok) accept(result.value, force);
    else if (view.snapshot === null) set({ snapshot: null, error: result.error.message });
  };

  return {
    get: () => view,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      if (unsubscribe) return;
      // Subscribe before reading, so a push racing the read is not missed; seq orders the two.
      unsubscribe = source.onStateSnapshot((snapshot) => accept(snapshot));
      await read(false);
    },
    resync: () => read(true),
    stop() {
      unsubscribe?.();
      unsubscribe = null;
    },
  };
}
