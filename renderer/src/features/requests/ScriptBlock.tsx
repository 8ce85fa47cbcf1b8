/**
 * A NATS script as it will run: its full text, the wallet functions it calls, the only keyspaces it
 * can touch, and whether it manages keys.
 */
import type { PendingRequestView } from '../../../../shared/ipc/schemas';

export function ScriptBlock({
  script,
  labelId,
}: {
  script: NonNullable<PendingRequestView['script']>;
  labelId: string;
}) {
  return (
    <section className="preview" aria-labelledby={labelId}>
      <div className="preview-head">
        <h3 id={labelId} className="preview-title">
          Script
        </h3>
        <span className="muted small">{script.source.split('\n').length} lines</span>
      </div>
      <pre
        className="preview-body script-body"
        data-testid="script-source"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable block must be reachable by keyboard
        tabIndex={0}
      >
        {script.source}
      </pre>
      <div className="row">
        <span className="muted small">Calls</span>
        {script.functions.length === 0 ? (
          <span className="small">no wallet functions</span>
        ) : (
          <ul className="chip-list" aria-label="Wallet functions the script calls">
            {script.functions.map((f) => (
              <li key={f} className="badge badge-info mono">
                {f}()
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="row">
        <span className="muted small">Keyspaces</span>
        <span className="small mono" data-testid="script-keyspaces">
          {script.keyspaces.length === 0 ? 'none' : script.keyspaces.join(', ')}
        </span>
      </div>
      {script.keyManagement.length > 0 && (
        <p className="small" data-testid="script-key-management">
          <strong>Key management:</strong> this script performs {script.keyManagement.join(', ')}.
        </p>
      )}
    </section>
  );
}
