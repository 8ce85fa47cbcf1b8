/** Standing decisions ("allow this requester for N minutes", remembered rejections, rules for a contact), each revocable. */
import { useEffect, useState } from 'react';
import type { ContactView, PolicyView } from '../../../../shared/ipc/schemas';
import { Dialog } from '../../components/Dialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/Notice';
import { formatRelative, OPERATION_LABEL, shortKey } from '../../lib/format';
import { useAction } from '../../lib/use-action';
import { useNow } from '../../lib/use-now';
import { useSnapshot } from '../../store/store-context';
import { unwrap, wallet } from '../../wallet-client';
import { ContactPolicyForm } from './ContactPolicyForm';

const DECISION_TONE = { allow: 'badge-success', deny: 'badge-danger', ask: '' } as const;

/** Policies are read with policy:list (not in the snapshot); re-read whenever main's state moves on, or on `reload`. */
function usePolicies(): { policies: PolicyView[] | null; error: string | null; reload: () => void } {
  const { seq } = useSnapshot();
  const [tick, setTick] = useState(0);
  const [state, setState] = useState<{ policies: PolicyView[] | null; error: string | null }>({
    policies: null,
    error: null,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: seq is the trigger, not an input
  useEffect(() => {
    let live = true;
    wallet
      .policyList()
      .then(
        (r) => live && setState(r.ok ? { policies: r.value, error: null } : { policies: null, error: r.error.message }),
      );
    return () => {
      live = false;
    };
  }, [seq, tick]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}

/** The named requesters a rule can be for; naming one pushes a snapshot, so seq re-reads them. */
function useContacts(): ContactView[] {
  const { seq } = useSnapshot();
  const [contacts, setContacts] = useState<ContactView[]>([]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: seq is the trigger, not an input
  useEffect(() => {
    let live = true;
    wallet.contactList().then((r) => live && r.ok && setContacts(r.value));
    return () => {
      live = false;
    };
  }, [seq]);
  return contacts;
}

export function PoliciesList() {
  const { policies, error, reload } = usePolicies();
  const contacts = useContacts();
  const [adding, setAdding] = useState(false);
  const now = useNow();
  const revoke = useAction(async (id: string) => {
    await unwrap(wallet.policyRevoke({ id }));
    reload();
    return true;
  });
  const shown = policies?.filter((p) => p.expiresAt === null || p.expiresAt > now) ?? [];

  return (
    <section className="card" aria-labelledby="policies-title">
      <div className="card-header">
        <div>
          <h2 id="policies-title">Policies</h2>
          <p className="muted small">Decisions the wallet applies without asking. Everything else asks.</p>
        </div>
        <button
          type="button"
          className="btn btn-sm"
          disabled={contacts.length === 0}
          title={contacts.length === 0 ? 'Name a requester first: rules are for named requesters' : undefined}
          onClick={() => setAdding(true)}
        >
          Add rule for a contact
        </button>
      </div>
      <ErrorNotice error={error ?? revoke.error} />
      {policies && shown.length === 0 ? (
        <EmptyState icon="shield" title="No policies">
          <p>“Approve &amp; allow for N min” on a request creates one, or add a rule for a named requester.</p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Policies</caption>
            <thead>
              <tr>
                <th scope="col">Requester</th>
                <th scope="col">Source</th>
                <th scope="col">Key</th>
                <th scope="col">Operation</th>
                <th scope="col">Decision</th>
                <th scope="col">Ends</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((p) => (
                <tr key={p.id} data-policy-id={p.id}>
                  <td className="break" title={p.requester}>
                    {p.contactName ?? p.label ?? (p.requester === '*' ? 'anyone' : shortKey(p.requester, 14))}
                  </td>
                  <td>{p.source === '*' ? 'any' : p.source}</td>
                  <td>
                    <div>{p.keyspace === '*' ? 'any keyspace' : p.keyspace}</div>
                    <div className="muted small mono" title={p.keypair}>
                      {p.keypair === '*' ? 'any keypair' : shortKey(p.keypair)}
                    </div>
                  </td>
                  <td>
                    {p.operation === '*'
                      ? 'any'
                      : (OPERATION_LABEL[p.operation as keyof typeof OPERATION_LABEL] ?? p.operation)}
                  </td>
                  <td>
                    <span className={`badge ${DECISION_TONE[p.decision]}`}>{p.decision}</span>
                  </td>
                  <td className="small">
                    {[
                      p.expiresAt ? formatRelative(p.expiresAt, now) : null,
                      p.untilLock ? 'on lock' : null,
                      p.usesLeft !== null ? `${p.usesLeft} uses left` : null,
                    ]
                      .filter(Boolean)
                      .join(' · ') || 'never'}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-sm btn-danger-ghost"
                      disabled={revoke.pending}
                      onClick={() => revoke.run(p.id)}
                    >
                      Revoke<span className="visually-hidden"> policy for {p.label ?? p.requester}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Dialog open={adding} title="Rule for a contact" onClose={() => setAdding(false)}>
        <ContactPolicyForm
          contacts={contacts}
          onCancel={() => setAdding(false)}
          onDone={() => {
            setAdding(false);
            reload();
          }}
        />
      </Dialog>
    </section>
  );
}
