/**
 * The app frame. It decides which screen shows from the mirrored snapshot (first run when there is no
 * keyspace, the unlock page when everything is locked at start) and the hash route otherwise.
 */
import { useEffect, useRef, useState } from 'react';
import { Notice } from './components/Notice';
import { ConnectionsScreen } from './features/connections/ConnectionsScreen';
import { FirstRun } from './features/first-run/FirstRun';
import { HistoryScreen } from './features/history/HistoryScreen';
import { KeyspacesScreen } from './features/keyspaces/KeyspacesScreen';
import { RequestsScreen } from './features/requests/RequestsScreen';
import { SettingsScreen } from './features/settings/SettingsScreen';
import { Sidebar } from './features/shell/Sidebar';
import { UnlockScreen } from './features/unlock/UnlockScreen';
import { navigate, useRoute } from './lib/router';
import { useMirror } from './store/store-context';

export function App() {
  const { snapshot, error } = useMirror();
  const route = useRoute();
  const [creating, setCreating] = useState(false);
  const [startGate, setStartGate] = useState<boolean | null>(null);
  const mainRef = useRef<HTMLElement>(null);
  const firstRoute = useRef(true);
  const theme = snapshot?.settings.theme ?? 'system';
  const noKeyspace = snapshot !== null && snapshot.keyspaces.length === 0;
  const allLocked = snapshot !== null && snapshot.keyspaces.length > 0 && snapshot.keyspaces.every((k) => k.locked);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  // The unlock page greets a wallet whose keyspaces are all locked when the app opens; locking later
  // (by hand, auto-lock, OS lock) keeps the user where they are, with inline unlocks.
  useEffect(() => {
    if (snapshot && startGate === null) setStartGate(allLocked);
  }, [snapshot, startGate, allLocked]);
  // Move focus to the new screen on navigation, so keyboard and screen-reader users land on it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the route is the trigger
  useEffect(() => {
    if (firstRoute.current) {
      firstRoute.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: true });
  }, [route.screen, route.param]);

  if (!snapshot) {
    return (
      <main className="center-page">
        <div className="center-card stack" aria-busy={!error}>
          {error ? (
            <Notice tone="danger">Cannot reach the wallet: {error}</Notice>
          ) : (
            <p className="muted">Connecting to the wallet…</p>
          )}
        </div>
      </main>
    );
  }
  // First run shows while there is no keyspace, and stays up through a creation it started: the new
  // keyspace reaches the snapshot before its words have been confirmed.
  if (noKeyspace || creating) {
    return (
      <FirstRun
        onStarted={() => setCreating(true)}
        onDone={(name) => {
          setCreating(false);
          setStartGate(false);
          navigate('keyspaces', name);
        }}
      />
    );
  }
  if (route.screen === 'unlock' || startGate === true) {
    return (
      <UnlockScreen
        onDone={() => {
          setStartGate(false);
          if (route.screen === 'unlock') navigate('requests');
        }}
      />
    );
  }

  return (
    <div className="app">
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <Sidebar current={route.screen} />
      <main id="content" className="main" ref={mainRef} tabIndex={-1} aria-label={route.screen}>
        {route.screen === 'keyspaces' && <KeyspacesScreen selected={route.param} />}
        {route.screen === 'connections' && <ConnectionsScreen />}
        {route.screen === 'history' && <HistoryScreen />}
        {route.screen === 'settings' && <SettingsScreen />}
        {route.screen === 'requests' && <RequestsScreen />}
      </main>
    </div>
  );
}
