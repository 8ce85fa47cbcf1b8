/** A connection's live state, its reason and when the next attempt is due. */
import type { ConnectionStatus } from '../../../../shared/ipc/schemas';
import { formatRelative } from '../../lib/format';
import { useNow } from '../../lib/use-now';

const LOOK = {
  connected: { tone: 'badge-success', text: 'Connected' },
  connecting: { tone: 'badge-info', text: 'Connecting' },
  reconnecting: { tone: 'badge-warning', text: 'Reconnecting' },
  error: { tone: 'badge-danger', text: 'Error' },
  stopped: { tone: '', text: 'Stopped' },
} as const;

export function StatusBadge({ status }: { status: ConnectionStatus }) {
  const look = LOOK[status.state];
  return (
    <span className={`badge ${look.tone}`} data-status={status.state}>
      <span className="dot" aria-hidden="true" />
      {look.text}
    </span>
  );
}

export function StatusDetail({ status }: { status: ConnectionStatus }) {
  const now = useNow();
  if (!status.reason && !status.nextAttemptAt) return null;
  return (
    <p className="muted small status-detail">
      {status.reason}
      {status.reason && status.nextAttemptAt ? ' · ' : ''}
      {status.nextAttemptAt ? `next attempt ${formatRelative(status.nextAttemptAt, now)}` : ''}
    </p>
  );
}
