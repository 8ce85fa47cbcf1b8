/**
 * Unlocks one keyspace. The core's KDF takes ~0.4 s, so the form shows progress while it runs;
 * used on the unlock screen, on keyspace pages and inline on a request card.
 */
import { type FormEvent, useState } from 'react';
import { Field } from '../../components/Field';
import { ErrorNotice } from '../../components/Notice';
import { useAction } from '../../lib/use-action';
import { useFocusOnMount } from '../../lib/use-focus';
import { unwrap, wallet } from '../../wallet-client';

export function UnlockForm({
  keyspace,
  compact,
  focusOnMount,
  onUnlocked,
}: {
  keyspace: string;
  compact?: boolean;
  focusOnMount?: boolean;
  onUnlocked?: () => void;
}) {
  const [password, setPassword] = useState('');
  const inputRef = useFocusOnMount<HTMLInputElement>(focusOnMount);
  const unlock = useAction(() => unwrap(wallet.keyspaceUnlock({ name: keyspace, password })));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!password) return;
    const done = await unlock.run();
    setPassword('');
    if (done !== undefined) onUnlocked?.();
  };

  return (
    <form className={compact ? 'unlock-inline' : 'stack'} onSubmit={submit} aria-busy={unlock.pending}>
      <Field label={compact ? `Password for “${keyspace}”` : 'Password'}>
        {(p) => (
          <div className="row unlock-row">
            <input
              {...p}
              className="input"
              type="password"
              autoComplete="current-password"
              ref={inputRef}
              value={password}
              disabled={unlock.pending}
              onChange={(e) => setPassword(e.target.value)}
            />
            <button type="submit" className="btn btn-primary" disabled={unlock.pending || !password}>
              {unlock.pending ? 'Unlocking…' : 'Unlock'}
            </button>
          </div>
        )}
      </Field>
      {unlock.pending && (
        <div className="stack" style={{ gap: 6 }}>
          <div
            className="progress"
            role="progressbar"
            aria-label="Deriving the key from the password"
            aria-valuetext="Working"
          >
            <div className="progress-bar" />
          </div>
          <p className="field-hint">Deriving the key from your password…</p>
        </div>
      )}
      <ErrorNotice error={unlock.error} />
    </form>
  );
}
