/** The navigation rail: screens, the pending count, the link to main, and "Lock all". */
import { useSyncExternalStore } from 'react';
import { Icon, type IconName } from '../../components/Icon';
import { routeHref, type Screen } from '../../lib/router';
import { useAction } from '../../lib/use-action';
import { useSnapshot } from '../../store/store-context';
import { onTransportState, transportState, unwrap, wallet } from '../../wallet-client';
import { openRequests } from '../requests/request-model';

const ITEMS: { screen: Screen; label: string; icon: IconName }[] = [
  { screen: 'requests', label: 'Requests', icon: 'inbox' },
  { screen: 'keyspaces', label: 'Keyspaces', icon: 'key' },
  { screen: 'connections', label: 'Connections', icon: 'plug' },
  { screen: 'history', label: 'History', icon: 'clock' },
  { screen: 'settings', label: 'Settings', icon: 'sliders' },
];

export function Sidebar({ current }: { current: Screen }) {
  const snapshot = useSnapshot();
  const transport = useSyncExternalStore(onTransportState, transportState);
  const pending = openRequests(snapshot.requests).filter((r) => r.state === 'pending').length;
  const anyUnlocked = snapshot.keyspaces.some((k) => !k.locked);
  const lockAll = useAction(() => unwrap(wallet.keyspaceLockAll()));

  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          <Icon name="wallet" size={16} />
        </span>
        Signing Wallet
      </div>
      <ul className="nav">
        {ITEMS.map((item) => (
          <li key={item.screen}>
            <a href={routeHref(item.screen)} aria-current={current === item.screen ? 'page' : undefined}>
              <Icon name={item.icon} />
              {item.label}
              {item.screen === 'requests' && pending > 0 && (
                <span className="count">
                  {pending}
                  <span className="visually-hidden"> pending</span>
                </span>
              )}
            </a>
          </li>
        ))}
      </ul>
      <div className="sidebar-footer">
        {transport === 'closed' && (
          <div className="notice notice-warning conn-banner" role="status">
            Reconnecting to the wallet…
          </div>
        )}
        <button
          type="button"
          className="btn btn-block"
          disabled={!anyUnlocked || lockAll.pending}
          onClick={() => lockAll.run()}
        >
          <Icon name="lock" /> Lock all
        </button>
      </div>
    </nav>
  );
}
