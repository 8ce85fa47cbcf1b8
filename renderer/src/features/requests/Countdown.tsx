/** Time left before the request expires; urgent in the last 10 seconds. */

import { Icon } from '../../components/Icon';
import { formatCountdown } from '../../lib/format';
import { useNow } from '../../lib/use-now';

export function Countdown({ expiresAt }: { expiresAt: number }) {
  const left = expiresAt - useNow();
  const tone = left <= 10_000 ? 'badge-danger' : left <= 30_000 ? 'badge-warning' : '';
  return (
    <span className={`badge ${tone} countdown`} title={`Expires at ${new Date(expiresAt).toLocaleTimeString()}`}>
      <Icon name="timer" size={13} />
      <span className="visually-hidden">Expires in </span>
      <span className="mono">{left > 0 ? formatCountdown(left) : 'expiring'}</span>
    </span>
  );
}
