/** A new password, typed twice, with the strength hint under it. */
import { Field } from '../../components/Field';
import { passwordStrength } from '../../lib/password-strength';

export interface PasswordPair {
  password: string;
  confirm: string;
}

/** Why the pair cannot be used yet, or null. */
export function passwordPairProblem({ password, confirm }: PasswordPair): string | null {
  if (password.length === 0) return 'Choose a password.';
  if (password !== confirm) return 'The two passwords differ.';
  return null;
}

export function StrengthMeter({ password }: { password: string }) {
  const s = passwordStrength(password);
  return (
    <div className="strength" data-level={s.level}>
      {/* biome-ignore lint/a11y/useSemanticElements: a four-segment bar; <meter> cannot be styled the same in every engine */}
      <div
        className="strength-bars"
        role="meter"
        aria-label="Password strength"
        aria-valuemin={0}
        aria-valuemax={4}
        aria-valuenow={s.level}
        aria-valuetext={s.label}
      >
        {[1, 2, 3, 4].map((i) => (
          <span key={i} data-on={s.level >= i} />
        ))}
      </div>
      <div className="strength-text">
        <strong>{s.label}.</strong> {s.hint}
      </div>
    </div>
  );
}

export function PasswordFields({
  value,
  onChange,
  showMismatch,
  label = 'Password',
}: {
  value: PasswordPair;
  onChange: (next: PasswordPair) => void;
  showMismatch: boolean;
  label?: string;
}) {
  const mismatch = showMismatch && value.confirm.length > 0 && value.password !== value.confirm;
  return (
    <>
      <Field
        label={label}
        hint={
          value.password ? (
            <StrengthMeter password={value.password} />
          ) : (
            'It encrypts this keyspace; it is never stored.'
          )
        }
      >
        {(p) => (
          <input
            {...p}
            className="input"
            type="password"
            autoComplete="new-password"
            value={value.password}
            onChange={(e) => onChange({ ...value, password: e.target.value })}
          />
        )}
      </Field>
      <Field label="Repeat the password" error={mismatch ? 'The two passwords differ.' : null}>
        {(p) => (
          <input
            {...p}
            className="input"
            type="password"
            autoComplete="new-password"
            value={value.confirm}
            onChange={(e) => onChange({ ...value, confirm: e.target.value })}
          />
        )}
      </Field>
    </>
  );
}
