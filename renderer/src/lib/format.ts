/** Display formatting shared by every screen. */

/** "1.2 KB": sizes as people read them; exact bytes stay available in titles. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** "02ab12…9f3c": a long hex key shortened around the middle, keeping both ends recognisable. */
export function shortKey(key: string, keep = 8): string {
  return key.length <= keep * 2 + 1 ? key : `${key.slice(0, keep)}…${key.slice(-keep)}`;
}

/** "0:42" or "12:05": a countdown to zero, never negative. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

/** Local date and time to the second, e.g. for the audit log. */
export function formatDateTime(at: number): string {
  return new Date(at).toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** "in 4 min" / "3 min ago"-style relative time, rounded to the coarsest sensible unit. */
export function formatRelative(at: number, now: number): string {
  const diff = at - now;
  const abs = Math.abs(diff);
  const unit = abs < 60_000 ? 'second' : abs < 3_600_000 ? 'minute' : abs < 86_400_000 ? 'hour' : 'day';
  const size = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000 }[unit];
  return new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }).format(Math.round(diff / size), unit);
}

/** The value for an <input type="datetime-local"> from epoch millis, in local time. */
export function toLocalInput(at: number): string {
  const d = new Date(at - new Date(at).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

/** Epoch millis from an <input type="datetime-local"> value; undefined when empty or invalid. */
export function fromLocalInput(value: string): number | undefined {
  if (!value) return undefined;
  const t = new Date(value).getTime();
  return Number.isFinite(t) ? t : undefined;
}

export const SOURCE_LABEL = { sigsocket: 'SigSocket', nats: 'NATS', local: 'Local' } as const;
export const OPERATION_LABEL = { sign: 'Sign', script: 'Script', key_management: 'Key management' } as const;
