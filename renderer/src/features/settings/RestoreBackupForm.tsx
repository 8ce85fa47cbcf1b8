/** Restores keyspaces from a backup file the user picks, opened with its passphrase or an age identity file. */
import { type FormEvent, useState } from 'react';
import { Field } from '../../components/Field';
import { ErrorNotice, Notice } from '../../components/Notice';
import { PasswordField } from '../../components/PasswordField';
import { useAction } from '../../lib/use-action';
import { unwrap, wallet } from '../../wallet-client';

/** What fits one call to the core once base64-encoded; real backups are a few kilobytes per keyspace. */
const MAX_FILE_BYTES = 600_000;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function RestoreBackupForm() {
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<'passphrase' | 'identity'>('passphrase');
  const [passphrase, setPassphrase] = useState('');
  const [identity, setIdentity] = useState<File | null>(null);
  const [replace, setReplace] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const restore = useAction(async () => {
    if (!file) throw new Error('Choose a backup file.');
    if (file.size > MAX_FILE_BYTES) throw new Error('That file is too large to be a wallet backup.');
    const content = toBase64(new Uint8Array(await file.arrayBuffer()));
    const opener = mode === 'passphrase' ? { passphrase } : { identity: identity ? await identity.text() : '' };
    const result = await unwrap(wallet.backupRestore({ file: content, replace, ...opener }));
    setPassphrase('');
    setDone(
      `Restored ${result.restored.length === 0 ? 'no keyspaces' : result.restored.join(', ')}` +
        (result.replaced.length ? ` (replaced ${result.replaced.join(', ')})` : '') +
        '. Unlock each with its own password.',
    );
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    restore.run();
  };

  return (
    <form className="stack" onSubmit={submit} aria-labelledby="backup-restore-title">
      <h3 id="backup-restore-title">Restore from a backup</h3>
      <p className="muted small">
        Restores the keyspaces in the file. Settings and policies are restored with crypto-cli backup restore.
      </p>
      <Field label="Backup file">
        {(p) => (
          <input
            {...p}
            className="input"
            type="file"
            accept=".age"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        )}
      </Field>
      <fieldset className="plain">
        <legend>Open it with</legend>
        <div className="segmented">
          <label>
            <input
              type="radio"
              name="restore-mode"
              checked={mode === 'passphrase'}
              onChange={() => setMode('passphrase')}
            />
            Its passphrase
          </label>
          <label>
            <input
              type="radio"
              name="restore-mode"
              checked={mode === 'identity'}
              onChange={() => setMode('identity')}
            />
            An age identity file
          </label>
        </div>
      </fieldset>
      {mode === 'passphrase' ? (
        <PasswordField label="Backup passphrase" autoComplete="off" value={passphrase} onChange={setPassphrase} />
      ) : (
        <Field label="Identity file" hint="The file age-keygen wrote (AGE-SECRET-KEY-1…).">
          {(p) => (
            <input {...p} className="input" type="file" onChange={(e) => setIdentity(e.target.files?.[0] ?? null)} />
          )}
        </Field>
      )}
      <label className="check">
        <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} />
        <span className="check-text">
          <strong>Replace keyspaces of the same name</strong>
          <span className="muted small">Without this, a keyspace that already exists stops the restore.</span>
        </span>
      </label>
      <ErrorNotice error={restore.error} />
      {done && <Notice tone="success">{done}</Notice>}
      <div>
        <button type="submit" className="btn" disabled={restore.pending || !file}>
          Restore
        </button>
      </div>
    </form>
  );
}
