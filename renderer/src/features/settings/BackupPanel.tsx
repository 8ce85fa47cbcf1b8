/**
 * Settings → Backup: the last backup and a reminder once keyspaces changed, creating a backup with a
 * passphrase (with a strength hint) or to age recipients, and restoring keyspaces from a backup file.
 * The core writes each backup into the wallet's backups folder and shows its path; the renderer never
 * holds a backup's contents.
 */
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { BackupStatus } from '../../../../shared/ipc/schemas';
import { Field } from '../../components/Field';
import { ErrorNotice, Notice } from '../../components/Notice';
import { formatDateTime } from '../../lib/format';
import { useAction } from '../../lib/use-action';
import { useSnapshot } from '../../store/store-context';
import { unwrap, wallet } from '../../wallet-client';
import { PasswordFields, type PasswordPair, passwordPairProblem } from '../first-run/PasswordFields';
import { RestoreBackupForm } from './RestoreBackupForm';

/** The core refuses shorter backup passphrases; saying so here saves a round trip. */
const MIN_PASSPHRASE_CHARS = 12;

export function BackupPanel() {
  const { keyspaces } = useSnapshot();
  const [status, setStatus] = useState<BackupStatus | null>(null);
  const refresh = useCallback(async () => setStatus(await unwrap(wallet.backupStatus())), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyspaces changing is the trigger to re-check
  useEffect(() => {
    refresh().catch(() => {});
  }, [refresh, keyspaces]);

  return (
    <section className="card" aria-labelledby="backup-title">
      <div className="card-header">
        <h2 id="backup-title">Backup</h2>
      </div>
      <div className="card-body stack-lg">
        {status && <BackupState status={status} hasKeyspaces={keyspaces.length > 0} />}
        <CreateBackupForm onCreated={refresh} />
        <RestoreBackupForm />
      </div>
    </section>
  );
}

function BackupState({ status, hasKeyspaces }: { status: BackupStatus; hasKeyspaces: boolean }) {
  return (
    <div className="stack">
      <p>
        {status.lastBackupAt === null ? 'No backup yet.' : `Last backup: ${formatDateTime(status.lastBackupAt)}.`}{' '}
        <span className="muted small">
          Backups are written to <span className="mono">{status.folder}</span> on the machine the wallet runs on.
        </span>
      </p>
      {status.changedSince && hasKeyspaces && (
        <Notice tone="warning">
          {status.lastBackupAt === null
            ? 'Your keyspaces are not backed up yet.'
            : 'Keyspaces changed since the last backup.'}{' '}
          Create a new backup so it holds them as they are now.
        </Notice>
      )}
    </div>
  );
}

function CreateBackupForm({ onCreated }: { onCreated: () => Promise<void> }) {
  const [mode, setMode] = useState<'passphrase' | 'recipient'>('passphrase');
  const [pair, setPair] = useState<PasswordPair>({ password: '', confirm: '' });
  const [recipients, setRecipients] = useState('');
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const [tried, setTried] = useState(false);
  const [written, setWritten] = useState<string | null>(null);
  const create = useAction(async () => {
    const request =
      mode === 'passphrase'
        ? { passphrase: pair.password, includeSecrets }
        : { recipients: recipients.split(/\s+/).filter(Boolean), includeSecrets };
    const made = await unwrap(wallet.backupCreate(request));
    setWritten(made.path);
    setPair({ password: '', confirm: '' });
    setTried(false);
    await onCreated();
  });
  const problem =
    mode === 'passphrase'
      ? (passwordPairProblem(pair) ??
        ([...pair.password].length < MIN_PASSPHRASE_CHARS ? `At least ${MIN_PASSPHRASE_CHARS} characters.` : null))
      : recipients.trim() === ''
        ? 'Paste at least one age public key.'
        : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    setWritten(null);
    if (!problem) create.run();
  };

  return (
    <form className="stack" onSubmit={submit} aria-labelledby="backup-create-title">
      <h3 id="backup-create-title">Create a backup</h3>
      <p className="muted small">
        One age file with every keyspace (still encrypted under its own password), policies and settings.
      </p>
      <fieldset className="plain">
        <legend>Protect the file with</legend>
        <div className="segmented">
          <label>
            <input
              type="radio"
              name="backup-mode"
              checked={mode === 'passphrase'}
              onChange={() => setMode('passphrase')}
            />
            A passphrase
          </label>
          <label>
            <input
              type="radio"
              name="backup-mode"
              checked={mode === 'recipient'}
              onChange={() => setMode('recipient')}
            />
            age public keys
          </label>
        </div>
      </fieldset>
      {mode === 'passphrase' ? (
        <PasswordFields value={pair} onChange={setPair} showMismatch={tried} label="Backup passphrase" />
      ) : (
        <Field
          label="age public keys"
          hint="One or more age1… keys (from age-keygen -y), separated by spaces or lines."
        >
          {(p) => (
            <textarea
              {...p}
              className="input mono"
              rows={3}
              spellCheck={false}
              value={recipients}
              onChange={(e) => setRecipients(e.target.value)}
            />
          )}
        </Field>
      )}
      <label className="check">
        <input type="checkbox" checked={includeSecrets} onChange={(e) => setIncludeSecrets(e.target.checked)} />
        <span className="check-text">
          <strong>Include the NATS token or password</strong>
          <span className="muted small">Off by default: then only the OS keychain holds it.</span>
        </span>
      </label>
      {tried && problem && <p className="field-error">{problem}</p>}
      <ErrorNotice error={create.error} />
      {written && (
        <Notice tone="success">
          Backup written to <span className="mono">{written}</span>.
        </Notice>
      )}
      <div>
        <button type="submit" className="btn btn-primary" disabled={create.pending}>
          Create backup
        </button>
      </div>
    </form>
  );
}
