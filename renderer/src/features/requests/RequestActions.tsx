/**
 * Approve, reject, or approve and allow this requester for N minutes where the core offers a grant
 * (one line says why not, or what it covers). Sends ids only. Nothing is focused or triggered by
 * default: the user picks a button.
 */
import { useId, useState } from 'react';
import type { PendingRequestView } from '../../../../shared/ipc/schemas';
import { Field } from '../../components/Field';
import { Icon } from '../../components/Icon';
import { ErrorNotice } from '../../components/Notice';
import { type Action, useAction } from '../../lib/use-action';
import { unwrap, wallet } from '../../wallet-client';
import { ALLOW_MINUTES, needsScriptPassword } from './request-model';

export function RequestActions({
  request,
  reject,
  onApproved,
}: {
  request: PendingRequestView;
  reject: Action<[], unknown>;
  onApproved: () => void;
}) {
  const [minutes, setMinutes] = useState(ALLOW_MINUTES[1]);
  const [scriptPassword, setScriptPassword] = useState('');
  const [anyScript, setAnyScript] = useState(false);
  const minutesId = useId();
  const approve = useAction(async (allow: boolean) => {
    await unwrap(
      wallet.requestApprove({
        id: request.id,
        allowFor: allow ? { minutes, ...(request.script && anyScript ? { anyScript } : {}) } : undefined,
        scriptPassword: scriptPassword || undefined,
      }),
    );
    onApproved();
    return true;
  });
  const busy = approve.pending || reject.pending || request.state !== 'pending';
  const blocked = request.unlockNeeded;

  return (
    <div className="stack">
      {needsScriptPassword(request) && (
        <Field
          className="script-password"
          label="Session password (optional)"
          hint="Used by this one run when the script passes none to create_key_space / load_key_space. Not stored."
        >
          {(p) => (
            <input
              {...p}
              className="input"
              type="password"
              autoComplete="off"
              value={scriptPassword}
              onChange={(e) => setScriptPassword(e.target.value)}
            />
          )}
        </Field>
      )}
      <p className="muted small" data-testid="grant-note">
        {request.grant.note}
      </p>
      {request.grant.offered && request.script && (
        <label className="row small">
          <input type="checkbox" checked={anyScript} onChange={(e) => setAnyScript(e.target.checked)} />A grant covers
          any script from this requester
        </label>
      )}
      <ErrorNotice error={approve.error ?? reject.error} />
      <div className="request-actions">
        <button type="button" className="btn btn-danger-ghost" disabled={busy} onClick={() => reject.run()}>
          <Icon name="x" />
          Reject
        </button>
        <span className="spacer" />
        {request.grant.offered && (
          <div className="allow-group">
            <label htmlFor={minutesId} className="visually-hidden">
              Minutes to allow this requester
            </label>
            <select
              id={minutesId}
              className="select allow-select"
              value={minutes}
              disabled={busy || blocked}
              onChange={(e) => setMinutes(Number(e.target.value))}
            >
              {ALLOW_MINUTES.map((m) => (
                <option key={m} value={m}>
                  {m} min
                </option>
              ))}
            </select>
            <button type="button" className="btn" disabled={busy || blocked} onClick={() => approve.run(true)}>
              Approve &amp; allow for {minutes} min
            </button>
          </div>
        )}
        <button type="button" className="btn btn-primary" disabled={busy || blocked} onClick={() => approve.run(false)}>
          <Icon name="check" />
          {request.state === 'approved' ? 'Signing…' : 'Approve'}
        </button>
      </div>
    </div>
  );
}
