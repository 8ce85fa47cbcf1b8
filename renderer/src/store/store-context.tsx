/** React access to the mirror and the static app info; components read state only through these hooks. */
import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import type { AppInfo, StateSnapshot } from '../../../shared/ipc/schemas';
import type { MirrorView, SnapshotMirror } from './snapshot-mirror';

export interface StoreValue {
  mirror: SnapshotMirror;
  /** app:info, read once and shared (it does not change while the app runs). */
  appInfo: () => Promise<AppInfo>;
}

export const StoreContext = createContext<StoreValue | null>(null);

function useStore(): StoreValue {
  const store = useContext(StoreContext);
  if (!store) throw new Error('StoreContext is missing');
  return store;
}

/** The mirrored view (snapshot or load error); re-renders on every accepted snapshot. */
export function useMirror(): MirrorView {
  const { mirror } = useStore();
  return useSyncExternalStore(mirror.subscribe, mirror.get);
}

/** The current snapshot; only call below the point where App has checked that one arrived. */
export function useSnapshot(): StateSnapshot {
  const { snapshot } = useMirror();
  if (!snapshot) throw new Error('no snapshot yet');
  return snapshot;
}

export function useAppInfo(): AppInfo | null {
  const { appInfo } = useStore();
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => {
    let live = true;
    appInfo()
      .then((i) => live && setInfo(i))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [appInfo]);
  return info;
}
