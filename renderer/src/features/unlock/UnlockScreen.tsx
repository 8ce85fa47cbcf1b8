/** The unlock page: pick a locked keyspace and enter its password. */
import { useState } from 'react';
import { Icon } from '../../components/Icon';
import { useSnapshot } from '../../store/store-context';
import { UnlockForm } from './UnlockForm';

export function UnlockScreen({ onDone }: { onDone: () => void }) {
  const snapshot = useSnapshot();
  const locked = snapshot.keyspaces.filter((k) => k.locked);
  const [chosen, setChosen] = useState(locked[0]?.name ?? '');
  const pending = snapshot.requests.filter((r) => r.state === 'pending').length;
  const current = locked.find((k) => k.name === chosen) ?? locked[0];

  return (
    <main className="center-page">
      <div className="center-card">
        <div className="hero-title">
          <div className="brand-mark">
            <Icon name="lock" size={22} />
          </div>
          <h1>Unlock your wallet</h1>
          <p>
            {pending > 0
              ? `${pending} request${pending === 1 ? ' is' : 's are'} waiting for you.`
              : 'Choose a keyspace and enter its password.'}
          </p>
        </div>
        <div className="card card-pad stack-lg">
          {current ? (
            <>
              {locked.length > 1 && (
                <div className="field">
                  <label htmlFor="unlock-keyspace">Keyspace</label>
                  <select
                    id="unlock-keyspace"
                    className="select"
                    value={current.name}
                    onChange={(e) => setChosen(e.target.value)}
                  >
                    {locked.map((k) => (
                      <option key={k.name} value={k.name}>
                        {k.name}
                      </option>
                    ))}
                  </select>
                </div>
              )}
              {locked.length === 1 && (
                <p>
                  Keyspace <strong>{current.name}</strong>
                </p>
              )}
              <UnlockForm key={current.name} keyspace={current.name} focusOnMount onUnlocked={onDone} />
            </>
          ) : (
            <p>Every keyspace is unlocked.</p>
          )}
          <div className="row" style={{ justifyContent: 'center' }}>
            <button type="button" className="btn btn-ghost btn-sm" onClick={onDone}>
              Continue without unlocking
            </button>
          </div>
        </div>
      </div>
    </main>
  );
}
