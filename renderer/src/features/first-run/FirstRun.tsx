/** The first screen of a wallet with no keyspace: create one, or import a recovery phrase. */
import { useState } from 'react';
import { Icon } from '../../components/Icon';
import { CreateKeyspaceFlow } from './CreateKeyspaceFlow';
import { ImportKeyspaceForm } from './ImportKeyspaceForm';
import './first-run.css';

export function FirstRun({ onStarted, onDone }: { onStarted: () => void; onDone: (keyspace: string) => void }) {
  const [mode, setMode] = useState<'create' | 'import'>('create');
  const [started, setStarted] = useState(false);
  return (
    <main className="center-page">
      <div className="center-card center-card-wide">
        <div className="hero-title">
          <div className="brand-mark">
            <Icon name="wallet" size={22} />
          </div>
          <h1>Welcome to Signing Wallet</h1>
          <p>Your keys stay in a password-protected keyspace, encrypted in your OS keychain.</p>
        </div>
        <div className="card card-pad stack-lg">
          {!started && (
            <fieldset className="plain">
              <legend className="visually-hidden">How to start</legend>
              <div className="segmented segmented-full">
                <label>
                  <input type="radio" name="start" checked={mode === 'create'} onChange={() => setMode('create')} />
                  Create a new keyspace
                </label>
                <label>
                  <input type="radio" name="start" checked={mode === 'import'} onChange={() => setMode('import')} />
                  Import a recovery phrase
                </label>
              </div>
            </fieldset>
          )}
          {mode === 'create' ? (
            <CreateKeyspaceFlow
              withKeypair
              onStarted={() => {
                setStarted(true);
                onStarted();
              }}
              onDone={onDone}
            />
          ) : (
            <ImportKeyspaceForm onDone={onDone} />
          )}
        </div>
      </div>
    </main>
  );
}
