/** A new password, typed twice, with the strength hint under it. */
import { PasswordField } from '../../components/PasswordField';
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
      <PasswordField
        label={label}
        autoComplete="new-password"
        hint={
          value.password ? (
            <StrengthMeter password={value.password} />
          ) : (
            'It encrypts this keyspace; it is never stored.'
          )
        }
        value={value.password}
        onChange={(password) => onChange({ ...value, password })}
      />
      <PasswordField
        label="Repeat the password"
        autoComplete="new-password"
        error={mismatch ? 'The two passwords differ.' : null}
        value={value.confirm}
        onChange={(confirm) => onChange({ ...value, confirm })}
      />
    </>
  );
}
