/** One keyspace: lock or unlock it, rename, change password, reveal its phrase, delete; and its keypairs. */
import { useState } from 'react';
import type { KeyspaceSummary } from '../../../../shared/ipc/schemas';
import { Icon } from '../../components/Icon';
import { RenameDialog } from '../../components/RenameDialog';
import { navigate, routeHref } from '../../lib/router';
import { useAction } from '../../lib/use-action';
import { unwrap, wallet } from '../../wallet-client';
import { KeypairList } from '../keypairs/KeypairList';
import { UnlockForm } from '../unlock/UnlockForm';
import { ChangePasswordDialog } from './ChangePasswordDialog';
import { DeleteKeyspaceDialog } from './DeleteKeyspaceDialog';
import { RevealMnemonicDialog } from './RevealMnemonicDialog';

type Open = 'rename' | 'password' | 'reveal' | 'delete' | null;

export function KeyspaceDetail({ keyspace }: { keyspace: KeyspaceSummary }) {
  const [open, setOpen] = useState<Open>(null);
  const lock = useAction(() => unwrap(wallet.keyspaceLock({ name: keyspace.name })));
  const close = () => setOpen(null);

  return (
    <div className="page">
      <div className="page-inner">
        <nav aria-label="Breadcrumb" className="crumbs">
          <a href={routeHref('keyspaces')}>Keyspaces</a>
          <Icon name="chevronRight" size={14} />
          <span aria-current="page">{keyspace.name}</span>
        </nav>
        <header className="page-header">
          <div className="row">
            <h1>{keyspace.name}</h1>
            <span className={keyspace.locked ? 'badge' : 'badge badge-success'}>
              {keyspace.locked ? 'Locked' : 'Unlocked'}
            </span>
          </div>
          <div className="row">
            {!keyspace.locked && (
              <button type="button" className="btn" onClick={() => lock.run()} disabled={lock.pending}>
                <Icon name="lock" /> Lock
              </button>
            )}
            <button type="button" className="btn" onClick={() => setOpen('rename')}>
              <Icon name="pencil" /> Rename
            </button>
            <button type="button" className="btn" onClick={() => setOpen('password')}>
              Change password
            </button>
            <button type="button" className="btn" onClick={() => setOpen('reveal')}>
              <Icon name="eye" /> Reveal recovery phrase
            </button>
            <button type="button" className="btn btn-danger-ghost" onClick={() => setOpen('delete')}>
              <Icon name="trash" /> Delete
            </button>
          </div>
        </header>

        {keyspace.locked ? (
          <section className="card card-pad stack-lg locked-panel" aria-labelledby="locked-title">
            <div className="row">
              <Icon name="lock" size={18} />
              <h2 id="locked-title">This keyspace is locked</h2>
            </div>
            <p className="muted">Unlock it to see and use its keypairs. It locks again after the auto-lock time.</p>
            <UnlockForm keyspace={keyspace.name} focusOnMount />
          </section>
        ) : (
          <KeypairList keyspace={keyspace} />
        )}
      </div>

      <RenameDialog
        open={open === 'rename'}
        what="keyspace"
        current={keyspace.name}
        onClose={close}
        onRename={async (newName) => {
          await unwrap(wallet.keyspaceRename({ name: keyspace.name, newName }));
          navigate('keyspaces', newName);
          return true;
        }}
      />
      <ChangePasswordDialog open={open === 'password'} keyspace={keyspace.name} onClose={close} />
      <RevealMnemonicDialog open={open === 'reveal'} keyspace={keyspace.name} onClose={close} />
      <DeleteKeyspaceDialog open={open === 'delete'} keyspace={keyspace.name} onClose={close} />
    </div>
  );
}
