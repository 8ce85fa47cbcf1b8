/** The heart of the app: every request waiting for a decision, with per-requester batch actions. */
import { useMemo } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { useSnapshot } from '../../store/store-context';
import { RequesterBatchBar } from './RequesterBatchBar';
import { RequestList } from './RequestList';
import { openRequests, requesterGroups } from './request-model';
import './requests.css';

export function RequestsScreen() {
  const snapshot = useSnapshot();
  const open = useMemo(() => openRequests(snapshot.requests), [snapshot.requests]);
  const groups = useMemo(() => requesterGroups(open), [open]);
  const pending = open.filter((r) => r.state === 'pending').length;

  return (
    <div className="requests-layout">
      <div className="requests-top">
        <PageHeader
          title="Requests"
          subtitle={
            pending === 0
              ? 'Nothing is waiting for you.'
              : `${pending} waiting for your decision · newest first · Esc rejects the focused card`
          }
        />
        <RequesterBatchBar groups={groups} />
      </div>
      {open.length === 0 ? (
        <div className="page">
          <div className="page-inner">
            <div className="card">
              <EmptyState icon="inbox" title="No pending requests">
                <p>When a SigSocket server or a NATS requester asks for a signature, it appears here.</p>
              </EmptyState>
            </div>
          </div>
        </div>
      ) : (
        <RequestList requests={open} />
      )}
    </div>
  );
}
