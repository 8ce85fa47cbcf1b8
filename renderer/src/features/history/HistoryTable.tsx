/** Audit entries, newest first, one row each; a row opens to show its signature and hashes. */
import { Fragment, useState } from 'react';
import type { AuditEntry } from '../../../../shared/ipc/schemas';
import { CopyButton } from '../../components/CopyButton';
import { Icon } from '../../components/Icon';
import { formatBytes, formatDateTime, OPERATION_LABEL, SOURCE_LABEL, shortKey } from '../../lib/format';

const STATE_TONE = {
  pending: 'badge-info',
  approved: 'badge-accent',
  signed: 'badge-success',
  rejected: 'badge-danger',
  expired: 'badge-warning',
  failed: 'badge-danger',
} as const;

export function HistoryTable({ entries }: { entries: AuditEntry[] }) {
  const [openId, setOpenId] = useState<string | null>(null);
  return (
    <div className="card table-wrap">
      <table className="table history-table">
        <caption className="visually-hidden">Audit log entries</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">From</th>
            <th scope="col">Key</th>
            <th scope="col">Operation</th>
            <th scope="col">State</th>
            <th scope="col">Decided by</th>
            <th scope="col">
              <span className="visually-hidden">Details</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => {
            const key = `${e.requestId}-${e.event}-${e.at}-${e.state}`;
            const open = openId === key;
            return (
              <Fragment key={key}>
                <tr data-request-id={e.requestId} data-state={e.state}>
                  <td className="nowrap">{formatDateTime(e.at)}</td>
                  <td>
                    <div>{SOURCE_LABEL[e.source.kind]}</div>
                    {e.contactName && <div className="history-contact">{e.contactName}</div>}
                    <div className="muted small mono nowrap" title={e.source.requester ?? e.source.endpoint}>
                      {shortKey(e.source.requester ?? e.source.endpoint, 14)}
                    </div>
                  </td>
                  <td>
                    <div>{e.keyspace}</div>
                    <div className="muted small mono" title={e.keypair}>
                      {shortKey(e.keypair)}
                    </div>
                  </td>
                  <td>{OPERATION_LABEL[e.operation]}</td>
                  <td>
                    <span className={`badge ${STATE_TONE[e.state]}`}>{e.state}</span>
                    {e.event !== 'settled' && <span className="muted small"> · {e.event}</span>}
                    {e.reason && <div className="muted small">{e.reason}</div>}
                  </td>
                  <td>{e.decidedBy ?? '—'}</td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-ghost btn-sm btn-icon"
                      aria-expanded={open}
                      aria-label={`Details of request ${e.requestId}`}
                      onClick={() => setOpenId(open ? null : key)}
                    >
                      <Icon name="chevronRight" />
                    </button>
                  </td>
                </tr>
                {open && (
                  <tr className="history-detail">
                    <td colSpan={7}>
                      <dl className="kv">
                        <dt>Request</dt>
                        <dd className="mono">{e.requestId}</dd>
                        <dt>Endpoint</dt>
                        <dd className="mono">{e.source.endpoint}</dd>
                        <dt>Requester</dt>
                        <dd className="mono">
                          {e.source.requester ?? 'not identified'} ({e.source.verified ? 'verified' : 'unverified'})
                        </dd>
                        <dt>Payload</dt>
                        <dd className="mono">
                          {formatBytes(e.payloadSize)} · SHA-256 {e.payloadSha256}
                        </dd>
                        <dt>Signature</dt>
                        <dd className="mono row">
                          <span className="break">{e.signature ?? '—'}</span>
                          {e.signature && <CopyButton value={e.signature} label="Copy signature" />}
                        </dd>
                        <dt>Created</dt>
                        <dd>{formatDateTime(e.createdAt)}</dd>
                        <dt>Decided</dt>
                        <dd>{e.decidedAt ? formatDateTime(e.decidedAt) : '—'}</dd>
                      </dl>
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
