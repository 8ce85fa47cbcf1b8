/** Hash routes (#/requests, #/keyspaces/NAME …): navigation is view state, so it may live here. */
import { useSyncExternalStore } from 'react';

export type Screen = 'requests' | 'keyspaces' | 'connections' | 'history' | 'settings' | 'unlock';
export interface Route {
  screen: Screen;
  /** The keyspace a #/keyspaces/NAME route opens. */
  param: string | null;
}

const SCREENS: Screen[] = ['requests', 'keyspaces', 'connections', 'history', 'settings', 'unlock'];

/** Parses "#/keyspaces/My%20keys" into a Route; anything unknown is the requests screen. */
export function parseRoute(hash: string): Route {
  const [first, second] = hash.replace(/^#\/?/, '').split('/');
  const screen = SCREENS.includes(first as Screen) ? (first as Screen) : 'requests';
  let param: string | null = null;
  if (second) {
    try {
      param = decodeURIComponent(second);
    } catch {
      param = null;
    }
  }
  return { screen, param };
}

export function routeHref(screen: Screen, param?: string | null): string {
  return param ? `#/${screen}/${encodeURIComponent(param)}` : `#/${screen}`;
}

export function navigate(screen: Screen, param?: string | null): void {
  location.hash = routeHref(screen, param);
}

const subscribe = (l: () => void) => {
  window.addEventListener('hashchange', l);
  return () => window.removeEventListener('hashchange', l);
};

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => location.hash);
  return parseRoute(hash);
}
