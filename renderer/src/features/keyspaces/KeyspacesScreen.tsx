/** All keyspaces: their lock state and keypair count, plus creating and importing more. */
import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { navigate, routeHref } from '../../lib/router';
import { useSnapshot } from '../../store/store-context';
import { unwrap, wallet } from '../../wallet-client';
import { CreateKeyspaceFlow } from '../first-run/CreateKeyspaceFlow';
import { ImportKeyspaceForm } from '../first-run/ImportKeyspaceForm';
import { KeyspaceDetail } from './KeyspaceDetail';
import './keyspaces.css';

export function KeyspacesScreen({ selected }: { selected: string | null }) {
  const { keyspaces } = useSnapshot();
  const [dialog, setDialog] = useState<'create' | 'import' | null>(null);
  const [creating, setCreating] = useState(false);
  const close = () => {
    setDialog(null);
    setCreating(false);
  };
  const opened = (name: string) => {
    close();
    navigate('keyspaces', name);
  };

  const current = selected ? keyspaces.find((k) => k.name === selected) : undefined;
  if (current) return <KeyspaceDetail keyspace={current} />;

  return (
    <div className="page">
      <div className="page-inner">
        <PageHeader
          title="Keyspaces"
          subtitle="Each keyspace is one recovery phrase, encrypted with its own password."
          actions={
            <>
              <button type="button" className="btn" onClick={() => setDialog('import')}>
                <Icon name="upload" /> Import
              </button>
              <button type="button" className="btn btn-primary" onClick={() => setDialog('create')}>
                <Icon name="plus" /> New keyspace
              </button>
            </>
          }
        />
        {keyspaces.length === 0 ? (
          <div className="card">
            <EmptyState icon="key" title="No keyspaces yet" />
          </div>
        ) : (
          <ul className="keyspace-list">
            {keyspaces.map((k) => (
              <li key={k.name} className="card keyspace-item">
                <span className={`keyspace-icon ${k.locked ? 'is-locked' : 'is-open'}`} aria-hidden="true">
                  <Icon name={k.locked ? 'lock' : 'unlock'} size={18} />
                </span>
                <div className="keyspace-main">
                  <a className="keyspace-name" href={routeHref('keyspaces', k.name)}>
                    {k.name}
                  </a>
                  <span className="muted small">
                    {k.locked ? 'Locked' : `${k.keypairs.length} keypair${k.keypairs.length === 1 ? '' : 's'}`}
                  </span>
                </div>
                <span className={k.locked ? 'badge' : 'badge badge-success'}>{k.locked ? 'Locked' : 'Unlocked'}</span>
                {!k.locked && (
                  <button
                    type="button"
                    className="btn btn-sm"
                    onClick={() => unwrap(wallet.keyspaceLock({ name: k.name }))}
                  >
                    <Icon name="lock" size={14} /> Lock<span className="visually-hidden"> {k.name}</span>
                  </button>
                )}
                <a className="btn btn-sm" href={routeHref('keyspaces', k.name)}>
                  {k.locked ? 'Unlock' : 'Open'}
                  <span className="visually-hidden"> {k.name}</span>
                  <Icon name="chevronRight" size={14} />
                </a>
              </li>
            ))}
          </ul>
        )}
      </div>
      <Dialog open={dialog === 'create'} title="New keyspace" wide dismissable={!creating} onClose={close}>
        <CreateKeyspaceFlow withKeypair onStarted={() => setCreating(true)} onDone={opened} onCancel={close} />
      </Dialog>
      <Dialog open={dialog === 'import'} title="Import a recovery phrase" wide onClose={close}>
        <ImportKeyspaceForm onDone={opened} onCancel={close} />
      </Dialog>
    </div>
  );
}
