/** The keypairs of an unlocked keyspace, with adding, importing, renaming, removing, copying and QR codes. */
import { useState } from 'react';
import type { KeypairInfo, KeyspaceSummary } from '../../../../shared/ipc/schemas';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CopyButton } from '../../components/CopyButton';
import { Dialog } from '../../components/Dialog';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { QrCode } from '../../components/QrCode';
import { RenameDialog } from '../../components/RenameDialog';
import { shortKey } from '../../lib/format';
import { unwrap, wallet } from '../../wallet-client';
import { AddKeypairForm } from './AddKeypairForm';
import { ImportKeyForm } from './ImportKeyForm';
import './keypairs.css';

type Open = { kind: 'add' | 'import' } | { kind: 'qr' | 'rename' | 'remove'; keypair: KeypairInfo } | null;

export function KeypairList({ keyspace }: { keyspace: KeyspaceSummary }) {
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  const target = open && 'keypair' in open ? open.keypair : null;

  return (
    <section aria-labelledby="keypairs-title">
      <div className="section-title">
        <h2 id="keypairs-title">Keypairs</h2>
        <div className="row">
          <button type="button" className="btn btn-sm" onClick={() => setOpen({ kind: 'import' })}>
            <Icon name="upload" size={14} /> Import private key
          </button>
          <button type="button" className="btn btn-sm btn-primary" onClick={() => setOpen({ kind: 'add' })}>
            <Icon name="plus" size={14} /> Add keypair
          </button>
        </div>
      </div>
      {keyspace.keypairs.length === 0 ? (
        <div className="card">
          <EmptyState icon="key" title="No keypairs yet">
            <p>Add a derived keypair to start signing.</p>
          </EmptyState>
        </div>
      ) : (
        <ul className="keypair-list card">
          {keyspace.keypairs.map((k) => (
            <li key={k.publicKey} className="keypair-row">
              <div className="keypair-main">
                <div className="row">
                  <h3 className="keypair-name">{k.name}</h3>
                  <span className="badge badge-accent mono">{k.type}</span>
                  <span className="badge mono">{k.path ?? 'imported'}</span>
                </div>
                <div className="row keypair-key">
                  <span className="visually-hidden">Public key </span>
                  <code className="break" title={k.publicKey}>
                    {k.publicKey}
                  </code>
                </div>
              </div>
              <div className="keypair-actions">
                <CopyButton value={k.publicKey} label={`Copy public key of ${k.name}`} />
                <button
                  type="button"
                  className="btn btn-ghost btn-sm btn-icon"
                  aria-label={`Show QR code of ${k.name}`}
                  title="QR code"
                  onClick={() => setOpen({ kind: 'qr', keypair: k })}
                >
                  <Icon name="qr" />
                </button>
                <button
                  type="button"
                  className="btn btn-ghost btn-sm btn-icon"
                  aria-label={`Rename ${k.name}`}
                  title="Rename"
                  onClick={() => setOpen({ kind: 'rename', keypair: k })}
                >
                  <Icon name="pencil" />
                </button>
                <button
                  type="button"
                  className="btn btn-ghost btn-sm btn-icon btn-danger-ghost"
                  aria-label={`Remove ${k.name}`}
                  title="Remove"
                  onClick={() => setOpen({ kind: 'remove', keypair: k })}
                >
                  <Icon name="trash" />
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}

      <Dialog
        open={open?.kind === 'add'}
        title="Add keypair"
        description={`Derived from the recovery phrase of “${keyspace.name}”.`}
        onClose={close}
      >
        <AddKeypairForm keyspace={keyspace.name} onDone={close} onCancel={close} />
      </Dialog>
      <Dialog open={open?.kind === 'import'} title="Import private key" onClose={close}>
        <ImportKeyForm keyspace={keyspace.name} onDone={close} onCancel={close} />
      </Dialog>
      <Dialog open={open?.kind === 'qr'} title={target ? `Public key of ${target.name}` : 'Public key'} onClose={close}>
        {target && (
          <div className="stack-lg qr-panel">
            <QrCode value={target.publicKey} label={`QR code of the public key of ${target.name}`} size={220} />
            <div className="row qr-key">
              <code className="break small">{target.publicKey}</code>
              <CopyButton value={target.publicKey} label={`Copy public key of ${target.name}`} />
            </div>
            <span className="muted small">
              {target.type} · {shortKey(target.publicKey)}
            </span>
          </div>
        )}
      </Dialog>
      <RenameDialog
        open={open?.kind === 'rename'}
        what="keypair"
        current={target?.name ?? ''}
        onClose={close}
        onRename={(newName) =>
          unwrap(wallet.keypairRename({ keyspace: keyspace.name, name: target?.name ?? '', newName }))
        }
      />
      <ConfirmDialog
        open={open?.kind === 'remove'}
        title={`Remove “${target?.name ?? ''}”?`}
        confirmLabel="Remove keypair"
        danger
        onClose={close}
        onConfirm={() => unwrap(wallet.keypairRemove({ keyspace: keyspace.name, name: target?.name ?? '' }))}
      >
        <p>
          {target?.path
            ? 'A derived keypair can be added again later from the same path.'
            : 'This key was imported: unless you kept its private key elsewhere, it is gone for good.'}{' '}
          Connections using it stop working.
        </p>
      </ConfirmDialog>
    </section>
  );
}
