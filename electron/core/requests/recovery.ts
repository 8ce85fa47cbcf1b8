// Start-up recovery: every request the log shows as arrived but never settled is closed as expired.
import type { AuditRecord } from './audit-entry';
import type { AuditLog } from './audit-log';

export const RESTART_REASON = 'the wallet stopped before this request was settled';

/**
 * Pending requests cannot outlive their connections: on start, every request the log shows as
 * arrived but never settled gets a 'settled' entry with state 'expired', so none vanishes silently.
 * Returns the ids it closed.
 */
export async function expireInterrupted(log: AuditLog, now: number): Promise<string[]> {
  const open = new Map<string, AuditRecord>();
  for await (const entry of log.entries()) {
    if (entry.event === 'arrived') open.set(entry.id, entry);
    else if (entry.event === 'settled') open.delete(entry.id);
  }
  for (const arrived of open.values()) {
    log.append({
      v: 1,
      at: now,
      id: arrived.id,
      event: 'settled',
      state: 'expired',
      request: arrived.request,
      code: 'expired',
      reason: RESTART_REASON,
    });
  }
  await log.flush();
  return [...open.keys()];
}
