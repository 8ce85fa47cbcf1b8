/**
 * Batch approve or reject what is pending from one requester. A batch names the ids on screen when it
 * was asked for; approving asks first and keeps the ids its dialog opened with, so a request arriving
 * meanwhile stays pending for its own card.
 */
import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { ErrorNotice } from '../../components/Notice';
import { shortKey } from '../../lib/format';
import { useAction } from '../../lib/use-action';
import { unwrap, wallet } from '../../wallet-client';
import type { RequesterGroup } from './request-model';

function label(requester: string): string {
  return /^[0-9a-f]{40,}$/i.test(requester) ? shortKey(requester) : requester;
}

export function RequesterBatchBar({ groups }: { groups: RequesterGroup[] }) {
  const [confirming, setConfirming] = useState<RequesterGroup | null>(null);
  const approveAll = useAction((g: RequesterGroup) =>
    unwrap(wallet.requestApproveAll({ requester: g.requester, ids: g.ids })),
  );
  const rejectAll = useAction((g: RequesterGroup) =>
    unwrap(wallet.requestRejectAll({ requester: g.requester, ids: g.ids })),
  );
  if (groups.length === 0) return null;

  return (
    <section className="batch-bar" aria-label="Batch actions per requester">
      <ul className="batch-list">
        {groups.map((g) => (
          <li key={g.requester} className="batch-item">
            <span className="batch-who">
              <Icon name="user" size={14} />
              <span className="mono" title={g.requester}>
                {label(g.requester)}
              </span>
              <span className="badge">{g.count} pending</span>
              {!g.verified && <span className="badge badge-warning">Unverified</span>}
            </span>
            <span className="row">
              <button
                type="button"
                className="btn btn-sm btn-danger-ghost"
                disabled={rejectAll.pending}
                onClick={() => rejectAll.run(g)}
              >
                Reject all {g.count}
                <span className="visually-hidden"> from {g.requester}</span>
              </button>
              <button type="button" className="btn btn-sm" onClick={() => setConfirming(g)}>
                Approve all {g.count}…<span className="visually-hidden"> from {g.requester}</span>
              </button>
            </span>
          </li>
        ))}
      </ul>
      <ErrorNotice error={approveAll.error ?? rejectAll.error} />
      <Dialog
        open={confirming !== null}
        title={`Approve ${confirming?.count ?? 0} requests?`}
        description="Each will be signed with the key it names, without showing you its message again."
        onClose={() => setConfirming(null)}
      >
        {confirming && (
          <div className="stack-lg">
            <p className="break">
              From <span className="mono">{confirming.requester}</span>
              {confirming.verified ? ' (verified).' : ' — not verified: anyone could claim this name.'}
            </p>
            <p className="muted small">
              Only these {confirming.count}: requests that arrive meanwhile wait for their own decision.
            </p>
            <div className="form-actions">
              <button type="button" className="btn" onClick={() => setConfirming(null)}>
                Cancel
              </button>
              <button
                type="button"
                className="btn btn-primary"
                disabled={approveAll.pending}
                onClick={async () => {
                  await approveAll.run(confirming);
                  setConfirming(null);
                }}
              >
                Approve {confirming.count}
              </button>
            </div>
          </div>
        )}
      </Dialog>
    </section>
  );
}
