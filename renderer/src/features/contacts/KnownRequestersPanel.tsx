/**
 * Known requesters: the NATS keys the user named, with their fingerprints; forgetting one leaves the key
 * unnamed. A contacts.json changed outside the app that does not validate is reported here.
 */
import { useEffect, useState } from 'react';
import type { ContactView } from '../../../../shared/ipc/schemas';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { Notice } from '../../components/Notice';
import { useSnapshot } from '../../store/store-context';
import { unwrap, wallet } from '../../wallet-client';
import { FingerprintText } from './FingerprintText';
import './contacts.css';

export function KnownRequestersPanel() {
  const { seq } = useSnapshot();
  const [contacts, setContacts] = useState<ContactView[]>([]);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [forgetting, setForgetting] = useState<ContactView | null>(null);

  // Naming and forgetting push a new snapshot, so its seq is the moment to re-read the list.
  // biome-ignore lint/correctness/useExhaustiveDependencies: seq is the trigger, not an input
  useEffect(() => {
    let live = true;
    wallet.contactList().then((r) => {
      if (live && r.ok) setContacts(r.value);
    });
    wallet.contactStatus().then((r) => {
      if (live && r.ok) setFileProblem(r.value.fileProblem);
    });
    return () => {
      live = false;
    };
  }, [seq]);

  return (
    <section className="card" aria-labelledby="contacts-title">
      <div className="card-header">
        <div>
          <h2 id="contacts-title">Known requesters</h2>
          <p className="muted small">
            NATS requester keys you named. A request that claims one of these names with another key is flagged.
          </p>
        </div>
      </div>
      {fileProblem && (
        <div className="card-pad-x">
          <Notice tone="danger">{fileProblem}</Notice>
        </div>
      )}
      {contacts.length === 0 ? (
        <EmptyState icon="user" title="No named requesters yet">
          Name a verified requester from its request card.
        </EmptyState>
      ) : (
        <ul className="conn-list">
          {contacts.map((c) => (
            <li key={c.key} className="conn-row">
              <div className="conn-main">
                <span className="conn-url">{c.name}</span>
                <FingerprintText fingerprint={c.fingerprint} />
              </div>
              <button
                type="button"
                className="btn btn-sm btn-ghost btn-icon btn-danger-ghost"
                aria-label={`Forget ${c.name}`}
                title="Forget"
                onClick={() => setForgetting(c)}
              >
                <Icon name="trash" size={14} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={forgetting !== null}
        title={`Forget ${forgetting?.name ?? ''}?`}
        confirmLabel="Forget"
        danger
        onClose={() => setForgetting(null)}
        onConfirm={() => unwrap(wallet.contactForget({ key: forgetting?.key ?? '' }))}
      >
        <p>Its next request shows as a new requester again, and its name is free for another key.</p>
      </ConfirmDialog>
    </section>
  );
}
