/** A labelled password input: the one shape every "enter the password again" form uses. */
import type { ReactNode } from 'react';
import { Field } from './Field';

export interface PasswordFieldProps {
  label?: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  value: string;
  onChange(value: string): void;
  autoComplete?: 'current-password' | 'new-password' | 'off';
}

export function PasswordField({
  label = 'Password',
  hint,
  error,
  value,
  onChange,
  autoComplete = 'current-password',
}: PasswordFieldProps) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(p) => (
        <input
          {...p}
          className="input"
          type="password"
          autoComplete={autoComplete}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
