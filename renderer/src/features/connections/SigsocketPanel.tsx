/** The SigSocket servers this wallet serves, each with its live status and "reconnect now". */
import { useState } from 'react';
import type { SigsocketServerView } from '../../../../shared/ipc/schemas';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { ErrorNotice } from '../../components/Notice';
import { shortKey } from '../../lib/format';
import { useAction } from '../../lib/use-action';
import { useSnapshot } from '../../store/store-context';
import { unwrap, wallet } from '../../wallet-client';
import { CertificateChange } from './CertificateChange';
import { PlaintextNotice } from './PlaintextNotice';
import { SigsocketForm } from './SigsocketForm';
import { StatusBadge, StatusDetail } from './StatusBadge';

type Open = { kind: 'add' } | { kind: 'edit' | 'remove'; server: SigsocketServerView } | null;

export function SigsocketPanel() {
  const { sigsocket } = useSnapshot();
  const [open, setOpen] = useState<Open>(null);
  const reconnect = useAction((id: string) => unwrap(wallet.sigsocketReconnect({ id })));
  const close = () => setOpen(null);
  const target = open && 'server' in open ? open.server : null;

  return (
    <section className="card" aria-labelledby="sigsocket-title">
      <div className="card-header">
        <div>
          <h2 id="sigsocket-title">SigSocket servers</h2>
          <p className="muted small">Servers that forward sign requests to this wallet over WebSocket.</p>
        </div>
        <button type="button" className="btn btn-sm btn-primary" onClick={() => setOpen({ kind: 'add' })}>
          <Icon name="plus" size={14} /> Add server
        </button>
      </div>
      {sigsocket.length === 0 ? (
        <EmptyState icon="server" title="No SigSocket servers">
          <p>Add one to receive its sign requests here.</p>
        </EmptyState>
      ) : (
        <ul className="conn-list">
          {sigsocket.map((s) => (
            <li key={s.id} className="conn-row" data-server-id={s.id}>
              <div className="conn-main">
                <div className="row">
                  <span className="mono conn-url break">{s.url}</span>
                  <StatusBadge status={s.status} />
                </div>
                <p className="muted small">
                  {s.keyspace} /{' '}
                  <span title={s.keypair}>{s.keypair.length > 40 ? shortKey(s.keypair) : s.keypair}</span> · dialect{' '}
                  {s.dialect}
                  {s.hasCa ? ' · custom CA' : ''}
                </p>
                {(s.alternateUrls ?? []).length > 0 && (
                  <p className="muted small">
                    fails over to <span className="mono break">{(s.alternateUrls ?? []).join(', ')}</span>
                  </p>
                )}
                <StatusDetail status={s.status} />
                <PlaintextNotice urls={[s.url, ...(s.alternateUrls ?? [])]} />
                <CertificateChange server={s} />
              </div>
              <div className="row">
                <button
                  type="button"
                  className="btn btn-sm"
                  onClick={() => reconnect.run(s.id)}
                  disabled={reconnect.pending}
                >
                  <Icon name="refresh" size={14} /> Reconnect now<span className="visually-hidden"> to {s.url}</span>
                </button>
                <button
                  type="button"
                  className="btn btn-sm btn-ghost btn-icon"
                  aria-label={`Edit ${s.url}`}
                  title="Edit"
                  onClick={() => setOpen({ kind: 'edit', server: s })}
                >
                  <Icon name="pencil" size={14} />
                </button>
                <button
                  type="button"
                  className="btn btn-sm btn-ghost btn-icon btn-danger-ghost"
                  aria-label={`Remove ${s.url}`}
                  title="Remove"
                  onClick={() => setOpen({ kind: 'remove', server: s })}
                >
                  <Icon name="trash" size={14} />
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <div className="card-pad-x">
        <ErrorNotice error={reconnect.error} />
      </div>
      <Dialog
        open={open?.kind === 'add' || open?.kind === 'edit'}
        wide
        title={target ? 'Edit SigSocket server' : 'Add SigSocket server'}
        onClose={close}
      >
        <SigsocketForm server={open?.kind === 'edit' ? target : null} onDone={close} onCancel={close} />
      </Dialog>
      <ConfirmDialog
        open={open?.kind === 'remove'}
        title="Remove this server?"
        confirmLabel="Remove server"
        danger
        onClose={close}
        onConfirm={() => unwrap(wallet.sigsocketRemove({ id: target?.id ?? '' }))}
      >
        <p className="break">
          The wallet disconnects from <span className="mono">{target?.url}</span> and stops serving its requests.
        </p>
      </ConfirmDialog>
    </section>
  );
}
