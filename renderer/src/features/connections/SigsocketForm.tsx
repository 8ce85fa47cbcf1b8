/** Adds or edits a SigSocket server: URL (and other instances of it), the keyspace and secp256k1 keypair it signs with, dialect, optional CA. */
import { type FormEvent, useState } from 'react';
import type { DialectSetting } from '../../../../shared/domain';
import { SigsocketDialect, type SigsocketServerView, WsUrl } from '../../../../shared/ipc/schemas';
import { Field } from '../../components/Field';
import { ErrorNotice, Notice } from '../../components/Notice';
import { useAction } from '../../lib/use-action';
import { useSnapshot } from '../../store/store-context';
import { unwrap, wallet } from '../../wallet-client';
import { PlaintextNotice } from './PlaintextNotice';

/** Every dialect setting, in the order the menu lists them. */
const DIALECT_LABELS: Record<DialectSetting, string> = {
  auto: 'Auto (typed JSON)',
  json: 'Typed JSON',
  'id-json': 'ID + JSON',
  plain: 'Plain text',
};

export function SigsocketForm({
  server,
  onDone,
  onCancel,
}: {
  server: SigsocketServerView | null;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { keyspaces } = useSnapshot();
  const [url, setUrl] = useState(server?.url ?? 'ws://127.0.0.1:8080/ws');
  const [alternates, setAlternates] = useState((server?.alternateUrls ?? []).join('\n'));
  const [keyspace, setKeyspace] = useState(server?.keyspace ?? keyspaces[0]?.name ?? '');
  const [keypair, setKeypair] = useState(server?.keypair ?? '');
  const [dialect, setDialect] = useState<DialectSetting>(server?.dialect ?? 'auto');
  const [ca, setCa] = useState('');
  const [removeCa, setRemoveCa] = useState(false);
  const ks = keyspaces.find((k) => k.name === keyspace);
  const candidates = ks?.keypairs.filter((k) => k.type === 'secp256k1') ?? [];
  const chosen = keypair || candidates[0]?.name || '';
  const urlProblem = WsUrl.safeParse(url.trim()).success ? null : 'SigSocket URLs start with ws:// or wss://';
  const alternateUrls = alternates
    .split('\n')
    .map((u) => u.trim())
    .filter((u) => u !== '');
  const alternatesProblem = alternateUrls.every((u) => WsUrl.safeParse(u).success)
    ? alternateUrls.length > 15
      ? 'At most 15 other instances'
      : null
    : 'SigSocket URLs start with ws:// or wss://';

  const save = useAction(() => {
    const base = { url: url.trim(), alternateUrls, keyspace, keypair: chosen, dialect };
    if (!server) return unwrap(wallet.sigsocketAdd({ ...base, ca: ca.trim() || null }));
    // On edit an empty CA field keeps the stored CA (never sent back to the renderer) unless removal is asked.
    const nextCa = ca.trim() ? ca.trim() : removeCa ? null : undefined;
    return unwrap(wallet.sigsocketUpdate({ ...base, id: server.id, ca: nextCa }));
  });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (urlProblem || alternatesProblem || !keyspace || !chosen) return;
    if (await save.run()) onDone();
  };

  return (
    <form className="stack-lg" onSubmit={submit} noValidate>
      <Field
        label="Server URL"
        hint="The server's WebSocket endpoint, e.g. ws://host:8080/ws"
        error={url ? urlProblem : null}
      >
        {(p) => (
          <input
            {...p}
            className="input mono"
            spellCheck={false}
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
        )}
      </Field>
      <Field
        label="Other instances (optional, one URL per line)"
        hint="Further endpoints of the same server; after a failure the wallet tries the next one."
        error={alternatesProblem}
      >
        {(p) => (
          <textarea
            {...p}
            className="textarea mono"
            rows={2}
            spellCheck={false}
            placeholder="ws://host-2:8080/ws"
            value={alternates}
            onChange={(e) => setAlternates(e.target.value)}
          />
        )}
      </Field>
      <PlaintextNotice urls={[url, ...alternateUrls]} />
      <div className="form-grid">
        <Field label="Keyspace">
          {(p) => (
            <select
              {...p}
              className="select"
              value={keyspace}
              onChange={(e) => {
                setKeyspace(e.target.value);
                setKeypair('');
              }}
            >
              {keyspaces.map((k) => (
                <option key={k.name} value={k.name}>
                  {k.name}
                  {k.locked ? ' (locked)' : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Keypair"
          hint={ks?.locked ? 'Unlock the keyspace to list its keypairs.' : 'secp256k1 keypairs only.'}
        >
          {(p) =>
            ks?.locked && server ? (
              <input {...p} className="input" value={keypair} onChange={(e) => setKeypair(e.target.value)} />
            ) : (
              <select
                {...p}
                className="select"
                value={chosen}
                onChange={(e) => setKeypair(e.target.value)}
                disabled={candidates.length === 0}
              >
                {candidates.map((k) => (
                  <option key={k.publicKey} value={k.name}>
                    {k.name}
                  </option>
                ))}
              </select>
            )
          }
        </Field>
        <Field label="Dialect" hint="How the server frames requests. Auto speaks typed JSON.">
          {(p) => (
            <select
              {...p}
              className="select"
              value={dialect}
              onChange={(e) => setDialect(SigsocketDialect.parse(e.target.value))}
            >
              {Object.entries(DIALECT_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field
        label="Custom CA certificate (PEM, optional)"
        hint="Only for wss:// servers whose certificate is not publicly trusted."
      >
        {(p) => (
          <textarea
            {...p}
            className="textarea mono"
            rows={3}
            spellCheck={false}
            placeholder="-----BEGIN CERTIFICATE-----"
            value={ca}
            onChange={(e) => setCa(e.target.value)}
          />
        )}
      </Field>
      {server?.hasCa && !ca.trim() && (
        <label className="check">
          <input type="checkbox" checked={removeCa} onChange={(e) => setRemoveCa(e.target.checked)} />
          <span className="check-text">
            <strong>Remove the stored custom CA</strong>
            <span className="muted small">Left empty, the field keeps the CA this server already has.</span>
          </span>
        </label>
      )}
      {!ks?.locked && candidates.length === 0 && (
        <Notice tone="warning">“{keyspace}” has no secp256k1 keypair yet.</Notice>
      )}
      <ErrorNotice error={save.error} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={save.pending || !!urlProblem || !!alternatesProblem || !chosen}
        >
          {server ? 'Save' : 'Add server'}
        </button>
      </div>
    </form>
  );
}
