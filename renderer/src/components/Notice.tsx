/** An inline message. Errors are announced (role=alert); everything else is polite (role=status). */
import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

type Tone = 'info' | 'warning' | 'danger' | 'success' | 'neutral';
const ICON: Record<Tone, IconName> = {
  info: 'info',
  warning: 'alert',
  danger: 'alert',
  success: 'check',
  neutral: 'info',
};

export function Notice({ tone = 'neutral', children }: { tone?: Tone; children: ReactNode }) {
  return (
    <div className={`notice notice-${tone}`} role={tone === 'danger' ? 'alert' : 'status'}>
      <Icon name={ICON[tone]} />
      <div>{children}</div>
    </div>
  );
}

/** The error of a failed call, or nothing. */
export function ErrorNotice({ error }: { error: string | null | undefined }) {
  return error ? <Notice tone="danger">{error}</Notice> : null;
}
