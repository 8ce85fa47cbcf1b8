/** Preferences main owns (auto-lock, prompts, theme), the policies, and where keys and data really live. */
import { useEffect, useState } from 'react';
import type { Settings } from '../../../../shared/ipc/schemas';
import { Field } from '../../components/Field';
import { ErrorNotice, Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { useAction } from '../../lib/use-action';
import { useAppInfo, useSnapshot } from '../../store/store-context';
import { unwrap, wallet } from '../../wallet-client';
import { BackupPanel } from './BackupPanel';
import { PoliciesList } from './PoliciesList';
import './settings.css';

const THEMES = [
  { value: 'system', label: 'Follow the OS' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
] as const;

export function SettingsScreen() {
  const { settings } = useSnapshot();
  const info = useAppInfo();
  const save = useAction((patch: Partial<Settings>) => unwrap(wallet.settingsSet(patch)));
  const [autoLock, setAutoLock] = useState(String(settings.autoLockMinutes));
  useEffect(() => setAutoLock(String(settings.autoLockMinutes)), [settings.autoLockMinutes]);
  const minutes = Number(autoLock);
  const autoLockProblem =
    Number.isInteger(minutes) && minutes >= 1 && minutes <= 1440 ? null : 'Between 1 and 1440 minutes.';
  const commitAutoLock = () => {
    if (!autoLockProblem && minutes !== settings.autoLockMinutes) save.run({ autoLockMinutes: minutes });
  };

  return (
    <div className="page">
      <div className="page-inner">
        <PageHeader title="Settings" />
        <div className="stack-lg">
          <ErrorNotice error={save.error} />
          <section className="card" aria-labelledby="security-title">
            <div className="card-header">
              <h2 id="security-title">Security and prompts</h2>
            </div>
            <div className="card-body settings-grid">
              <Field
                label="Auto-lock after (minutes)"
                hint="Unlocked keyspaces lock after this long without use, and on OS lock or suspend."
                error={autoLockProblem}
              >
                {(p) => (
                  <input
                    {...p}
                    className="input settings-number"
                    type="number"
                    min={1}
                    max={1440}
                    inputMode="numeric"
                    value={autoLock}
                    onChange={(e) => setAutoLock(e.target.value)}
                    onBlur={commitAutoLock}
                    onKeyDown={(e) => e.key === 'Enter' && commitAutoLock()}
                  />
                )}
              </Field>
              <div className="stack">
                <label className="check">
                  <input
                    type="checkbox"
                    checked={settings.raiseOnRequest}
                    onChange={(e) => save.run({ raiseOnRequest: e.target.checked })}
                  />
                  <span className="check-text">
                    <strong>Raise the window on a new request</strong>
                    <span className="muted small">So a prompt is never hidden behind other windows.</span>
                  </span>
                </label>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={settings.notifications}
                    onChange={(e) => save.run({ notifications: e.target.checked })}
                  />
                  <span className="check-text">
                    <strong>Notify on each new request</strong>
                    <span className="muted small">A desktop notification; clicking it opens the request.</span>
                  </span>
                </label>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={settings.checkForUpdates}
                    onChange={(e) => save.run({ checkForUpdates: e.target.checked })}
                  />
                  <span className="check-text">
                    <strong>Check for updates</strong>
                    <span className="muted small">
                      The desktop app looks for a new release at start and every few hours. Each download is verified
                      before it installs, and a restart waits until no request is pending.
                    </span>
                  </span>
                </label>
              </div>
            </div>
          </section>

          <section className="card" aria-labelledby="appearance-title">
            <div className="card-header">
              <h2 id="appearance-title">Appearance</h2>
            </div>
            <div className="card-body">
              <fieldset className="plain">
                <legend>Theme</legend>
                <div className="segmented">
                  {THEMES.map((t) => (
                    <label key={t.value}>
                      <input
                        type="radio"
                        name="theme"
                        value={t.value}
                        checked={settings.theme === t.value}
                        onChange={() => save.run({ theme: t.value })}
                      />
                      {t.label}
                    </label>
                  ))}
                </div>
              </fieldset>
            </div>
          </section>

          <PoliciesList />

          <BackupPanel />

          <section className="card" aria-labelledby="storage-title">
            <div className="card-header">
              <h2 id="storage-title">Storage</h2>
            </div>
            <div className="card-body stack">
              {info ? (
                <>
                  <dl className="kv">
                    <dt>Keys are kept in</dt>
                    <dd>
                      <strong>{info.secretStore.description}</strong>{' '}
                      <span
                        className={info.secretStore.kind === 'keychain' ? 'badge badge-success' : 'badge badge-warning'}
                      >
                        {info.secretStore.kind === 'keychain' ? 'OS keychain' : 'file'}
                      </span>
                    </dd>
                    <dt>Data directory</dt>
                    <dd className="mono">{info.dataDir}</dd>
                    <dt>Version</dt>
                    <dd>
                      {info.name} {info.version} · {info.platform}
                    </dd>
                  </dl>
                  {info.secretStore.kind === 'file' && (
                    <Notice tone="warning">
                      <strong>Your encrypted keyspaces are stored in a file, not in the OS keychain.</strong>{' '}
                      {info.secretStore.warning ??
                        'Anyone who copies the data directory can try to guess your passwords offline.'}
                    </Notice>
                  )}
                </>
              ) : (
                <p className="muted">Loading…</p>
              )}
            </div>
          </section>
        </div>
      </div>
    </div>
  );
}
