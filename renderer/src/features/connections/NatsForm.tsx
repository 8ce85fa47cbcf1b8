/**
 * The NATS listener's settings: servers, auth, TLS files, subject, keyspace, enabled. Secrets the core
 * never echoes back (token, password) are kept when left empty, as long as the auth kind stays the same.
 */
import { type FormEvent, useState } from 'react';
import { NatsConfigInput, NatsUrl, type NatsView } from '../../../../shared/ipc/schemas';
import { Field } from '../../components/Field';
import { ErrorNotice } from '../../components/Notice';
import { useAction } from '../../lib/use-action';
import { useSnapshot } from '../../store/store-context';
import { unwrap, wallet } from '../../wallet-client';
import { PlaintextNotice } from './PlaintextNotice';

type AuthKind = NatsView['authKind'];
const AUTH: { value: AuthKind; label: string }[] = [
  { value: 'none', label: 'None' },
  { value: 'token', label: 'Token' },
  { value: 'user', label: 'User + password' },
  { value: 'nkey', label: 'NKey seed file' },
  { value: 'creds', label: 'Credentials file' },
];

export function NatsForm({
  nats,
  onDone,
  onCancel,
}: {
  nats: NatsView | null;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { keyspaces } = useSnapshot();
  const [enabled, setEnabled] = useState(nats?.enabled ?? true);
  const [servers, setServers] = useState((nats?.servers ?? ['nats://127.0.0.1:4222']).join('\n'));
  const [subject, setSubject] = useState(nats?.subject ?? 'crypto.scripts');
  const [keyspace, setKeyspace] = useState(nats?.keyspace ?? '');
  const [authKind, setAuthKind] = useState<AuthKind>(nats?.authKind ?? 'none');
  const [secret, setSecret] = useState('');
  const [user, setUser] = useState(nats?.user ?? '');
  const [file, setFile] = useState('');
  const [tls, setTls] = useState({ caFile: '', certFile: '', keyFile: '' });
  const list = servers.split(/[\s,]+/).filter(Boolean);
  const badServer = list.find((s) => !NatsUrl.safeParse(s).success);
  const serverProblem =
    list.length === 0 ? 'Add at least one server.' : badServer ? `“${badServer}” is not nats://host:port` : null;
  const subjectProblem = NatsConfigInput.shape.subject.safeParse(subject).success
    ? null
    : 'A subject without spaces or wildcards.';

  const save = useAction(() => {
    // Empty means "keep the stored secret"; the core refuses if there is none for this kind and user.
    const kept = secret === '' ? undefined : secret;
    const auth: NatsConfigInput['auth'] =
      authKind === 'token'
        ? { kind: 'token', token: kept }
        : authKind === 'user'
          ? { kind: 'user', user, pass: kept }
          : authKind === 'nkey'
            ? { kind: 'nkey', seedFile: file }
            : authKind === 'creds'
              ? { kind: 'creds', credsFile: file }
              : { kind: 'none' };
    const anyTls = tls.caFile || tls.certFile || tls.keyFile;
    return unwrap(
      wallet.natsConfigure({
        enabled,
        servers: list,
        subject,
        keyspace: keyspace || null,
        auth,
        tls: anyTls
          ? { caFile: tls.caFile || null, certFile: tls.certFile || null, keyFile: tls.keyFile || null }
          : null,
      }),
    );
  });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (serverProblem || subjectProblem) return;
    if (await save.run()) onDone();
  };

  return (
    <form className="stack-lg" onSubmit={submit} noValidate>
      <label className="check">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        <span className="check-text">
          <strong>Listen on NATS</strong>
          <span className="muted small">Serve scripts and JSON sign operations from the subject below.</span>
        </span>
      </label>
      <div className="form-grid">
        <Field
          label="Servers"
          hint="One URL per line, e.g. nats://127.0.0.1:4222"
          error={serverProblem}
          className="span-2"
        >
          {(p) => (
            <textarea
              {...p}
              className="textarea mono"
              rows={2}
              spellCheck={false}
              value={servers}
              onChange={(e) => setServers(e.target.value)}
            />
          )}
        </Field>
        <Field label="Subject" error={subjectProblem}>
          {(p) => (
            <input
              {...p}
              className="input mono"
              spellCheck={false}
              value={subject}
              onChange={(e) => setSubject(e.target.value)}
            />
          )}
        </Field>
        <Field label="Keyspace" hint="The current keyspace when a script starts.">
          {(p) => (
            <select {...p} className="select" value={keyspace} onChange={(e) => setKeyspace(e.target.value)}>
              <option value="">None</option>
              {keyspaces.map((k) => (
                <option key={k.name} value={k.name}>
                  {k.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Authentication">
          {(p) => (
            <select
              {...p}
              className="select"
              value={authKind}
              onChange={(e) => setAuthKind(e.target.value as AuthKind)}
            >
              {AUTH.map((a) => (
                <option key={a.value} value={a.value}>
                  {a.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {authKind === 'user' && (
          <Field label="User">
            {(p) => (
              <input
                {...p}
                className="input"
                autoComplete="off"
                value={user}
                onChange={(e) => setUser(e.target.value)}
              />
            )}
          </Field>
        )}
        {(authKind === 'token' || authKind === 'user') && (
          <Field
            label={authKind === 'token' ? 'Token' : 'Password'}
            hint={
              nats?.authKind === authKind
                ? 'Stored secrets are never shown: leave empty to keep the stored one.'
                : undefined
            }
          >
            {(p) => (
              <input
                {...p}
                className="input"
                type="password"
                autoComplete="off"
                value={secret}
                onChange={(e) => setSecret(e.target.value)}
              />
            )}
          </Field>
        )}
        {(authKind === 'nkey' || authKind === 'creds') && (
          <Field
            label={authKind === 'nkey' ? 'NKey seed file' : 'Credentials (.creds) file'}
            hint="A path on the machine running the wallet."
          >
            {(p) => (
              <input
                {...p}
                className="input mono"
                spellCheck={false}
                value={file}
                onChange={(e) => setFile(e.target.value)}
              />
            )}
          </Field>
        )}
      </div>
      <fieldset className="plain">
        <legend>TLS (optional files)</legend>
        <div className="form-grid tls-grid">
          {(['caFile', 'certFile', 'keyFile'] as const).map((k) => (
            <Field
              key={k}
              label={{ caFile: 'CA certificate', certFile: 'Client certificate', keyFile: 'Client key' }[k]}
            >
              {(p) => (
                <input
                  {...p}
                  className="input mono"
                  spellCheck={false}
                  value={tls[k]}
                  onChange={(e) => setTls({ ...tls, [k]: e.target.value })}
                />
              )}
            </Field>
          ))}
        </div>
      </fieldset>
      <PlaintextNotice urls={list} tls={Boolean(tls.caFile || tls.certFile || tls.keyFile)} />
      <ErrorNotice error={save.error} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={save.pending}>
          Save
        </button>
      </div>
    </form>
  );
}
