/**
 * One pending request: who asks, through what, with which key, what exactly would be signed, and
 * how long is left. Esc rejects the focused card (not while typing in one of its fields).
 */
import { type KeyboardEvent, useId } from 'react';
import type { PendingRequestView } from '../../../../shared/ipc/schemas';
import { Icon } from '../../components/Icon';
import { OPERATION_LABEL, SOURCE_LABEL, shortKey } from '../../lib/format';
import { useAction } from '../../lib/use-action';
import { unwrap, wallet } from '../../wallet-client';
import { RequesterContact } from '../contacts/RequesterContact';
import { UnlockForm } from '../unlock/UnlockForm';
import { Countdown } from './Countdown';
import { RequestActions } from './RequestActions';
import { RequestPreview } from './RequestPreview';
import { REQUEST_TITLE, requesterText } from './request-model';
import { ScriptBlock } from './ScriptBlock';

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

export interface RequestCardProps {
  request: PendingRequestView;
  position: number;
  total: number;
  /** Called after the request was decided here, so the list can move focus to the next card. */
  onDecided: () => void;
}

/** The key a request names; a script's '*' means whichever keypair it selects as it runs. */
function TargetKey({ target }: { target: PendingRequestView['target'] }) {
  const any = (s: string) => s === '*' || s === '';
  if (any(target.keypair)) {
    return (
      <span>
        Chosen by the script{any(target.keyspace) ? '' : <span className="muted"> · starts in {target.keyspace}</span>}
      </span>
    );
  }
  return (
    <>
      <strong>{target.keypairName ?? 'Unnamed keypair'}</strong>
      <span className="muted"> in {target.keyspace} · </span>
      <span className="mono muted" title={target.keypair}>
        {shortKey(target.keypair)}
      </span>
    </>
  );
}

export function RequestCard({ request: r, position, total, onDecided }: RequestCardProps) {
  const titleId = useId();
  const previewId = useId();
  const scriptId = useId();
  const reject = useAction(async () => {
    await unwrap(wallet.requestReject({ id: r.id }));
    onDecided();
    return true;
  });

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    if (TYPING.has((e.target as HTMLElement).tagName)) return;
    e.preventDefault();
    if (r.state === 'pending' && !reject.pending) void reject.run();
  };

  return (
    <article
      className="card request-card"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: cards are focusable so Esc can reject the focused one
      tabIndex={0}
      aria-labelledby={titleId}
      aria-posinset={position}
      aria-setsize={total}
      data-request-id={r.id}
      data-state={r.state}
      onKeyDown={onKeyDown}
    >
      <header className="request-head">
        <div className="request-title">
          <span className={`request-icon request-icon-${r.operation}`} aria-hidden="true">
            <Icon name={r.operation === 'script' ? 'terminal' : r.operation === 'key_management' ? 'key' : 'pencil'} />
          </span>
          <div>
            <h2 id={titleId}>
              {REQUEST_TITLE[r.operation]}
              <span className="visually-hidden"> from {r.source.label}</span>
            </h2>
            <p className="muted small break">
              {SOURCE_LABEL[r.source.kind]} · {r.source.endpoint}
            </p>
          </div>
        </div>
        <div className="row">
          {r.state === 'approved' && <span className="badge badge-accent">Signing…</span>}
          <Countdown expiresAt={r.expiresAt} />
        </div>
      </header>

      <dl className="kv request-facts">
        <dt>Requester</dt>
        <dd className="row">
          <span className="mono break">{requesterText(r.source)}</span>
          {r.source.verified ? (
            <span className="badge badge-success">
              <Icon name="shieldCheck" size={13} /> Verified
            </span>
          ) : (
            <span className="badge badge-warning">
              <Icon name="shield" size={13} /> Unverified
            </span>
          )}
        </dd>
        <dt>Key</dt>
        <dd>
          <TargetKey target={r.target} />
        </dd>
        <dt>Operation</dt>
        <dd>
          {OPERATION_LABEL[r.operation]}
          {r.detail && r.operation !== 'script' && <span className="muted"> · {r.detail}</span>}
        </dd>
      </dl>

      {r.contact && <RequesterContact contact={r.contact} />}
      {r.script && <ScriptBlock script={r.script} labelId={scriptId} />}
      {!r.script && <RequestPreview preview={r.preview} labelId={previewId} />}

      {r.unlockNeeded && (
        <div className="unlock-needed">
          <p className="row small">
            <Icon name="lock" size={14} />
            <span>
              <strong>{r.target.keyspace}</strong> is locked. Unlock it to approve.
            </span>
          </p>
          <UnlockForm keyspace={r.target.keyspace} compact />
        </div>
      )}

      <RequestActions request={r} reject={reject} onApproved={onDecided} />
    </article>
  );
}
