/** The NATS listener: its settings at a glance, live status, "reconnect now", and editing. */
import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { ErrorNotice } from '../../components/Notice';
import { useAction } from '../../lib/use-action';
import { useSnapshot } from '../../store/store-context';
import { unwrap, wallet } from '../../wallet-client';
import { NatsForm } from './NatsForm';
import { PlaintextNotice } from './PlaintextNotice';
import { StatusBadge, StatusDetail } from './StatusBadge';

const AUTH_LABEL = {
  none: 'no auth',
  token: 'token',
  user: 'user + password',
  nkey: 'NKey',
  creds: 'credentials file',
} as const;

export function NatsPanel() {
  const { nats } = useSnapshot();
  const [editing, setEditing] = useState(false);
  const reconnect = useAction(() => unwrap(wallet.natsReconnect()));

  return (
    <section className="card" aria-labelledby="nats-title">
      <div className="card-header">
        <div>
          <h2 id="nats-title">NATS</h2>
          <p className="muted small">Remote scripts and JSON sign operations over request/reply.</p>
        </div>
        <div className="row">
          {nats && (
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => reconnect.run()}
              disabled={reconnect.pending || !nats.enabled}
            >
              <Icon name="refresh" size={14} /> Reconnect now<span className="visually-hidden"> to NATS</span>
            </button>
          )}
          <button
            type="button"
            className={nats ? 'btn btn-sm' : 'btn btn-sm btn-primary'}
            onClick={() => setEditing(true)}
          >
            {nats ? (
              <>
                <Icon name="pencil" size={14} /> Edit<span className="visually-hidden"> NATS settings</span>
              </>
            ) : (
              <>
                <Icon name="plus" size={14} /> Set up NATS
              </>
            )}
          </button>
        </div>
      </div>
      {nats ? (
        <div className="card-body stack">
          <div className="row">
            <StatusBadge
              status={nats.enabled ? nats.status : { state: 'stopped', reason: null, nextAttemptAt: null }}
            />
            {!nats.enabled && <span className="muted small">Disabled</span>}
          </div>
          {nats.enabled && <StatusDetail status={nats.status} />}
          <dl className="kv">
            <dt>Servers</dt>
            <dd className="mono">{nats.servers.join(', ')}</dd>
            <dt>Subject</dt>
            <dd className="mono">{nats.subject}</dd>
            <dt>Keyspace</dt>
            <dd>{nats.keyspace ?? 'none'}</dd>
            <dt>Auth</dt>
            <dd>
              {AUTH_LABEL[nats.authKind]}
              {nats.user ? ` (${nats.user})` : ''}
              {nats.tls ? ' · TLS' : ''}
            </dd>
          </dl>
          <PlaintextNotice urls={nats.servers} tls={nats.tls} />
          <ErrorNotice error={reconnect.error} />
        </div>
      ) : (
        <EmptyState icon="plug" title="NATS is not set up">
          <p>Point the wallet at a NATS server to serve remote scripts.</p>
        </EmptyState>
      )}
      <Dialog open={editing} wide title="NATS listener" onClose={() => setEditing(false)}>
        <NatsForm nats={nats} onDone={() => setEditing(false)} onCancel={() => setEditing(false)} />
      </Dialog>
    </section>
  );
}
