/** Proves the phrase was written down: the user types 3 of its words, chosen at random. */
import { type FormEvent, useMemo, useState } from 'react';
import { Field } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { pickPositions } from '../../lib/mnemonic-check';
import { useFocusOnMount } from '../../lib/use-focus';

export function ConfirmBackup({
  words,
  onBack,
  onConfirmed,
}: {
  words: string[];
  onBack: () => void;
  onConfirmed: () => void;
}) {
  const positions = useMemo(() => pickPositions(words.length, 3), [words]);
  const [typed, setTyped] = useState<Record<number, string>>({});
  const firstRef = useFocusOnMount<HTMLInputElement>();
  const [wrong, setWrong] = useState<number[]>([]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const bad = positions.filter((p) => (typed[p] ?? '').trim().toLowerCase() !== words[p]);
    setWrong(bad);
    if (bad.length === 0) onConfirmed();
  };

  return (
    <form className="stack-lg" onSubmit={submit} noValidate>
      <p className="muted">Type the words at these positions from the phrase you wrote down.</p>
      <div className="form-grid confirm-grid">
        {positions.map((p, i) => (
          <Field
            key={p}
            label={`Word #${p + 1}`}
            error={wrong.includes(p) ? 'That is not the word at this position.' : null}
          >
            {(c) => (
              <input
                {...c}
                className="input mono"
                autoComplete="off"
                spellCheck={false}
                autoCapitalize="off"
                ref={i === 0 ? firstRef : undefined}
                value={typed[p] ?? ''}
                onChange={(e) => setTyped({ ...typed, [p]: e.target.value })}
              />
            )}
          </Field>
        ))}
      </div>
      {wrong.length > 0 && <Notice tone="danger">Check the highlighted words against your written copy.</Notice>}
      <div className="form-actions">
        <button type="button" className="btn" onClick={onBack}>
          Show the words again
        </button>
        <button type="submit" className="btn btn-primary">
          Confirm backup
        </button>
      </div>
    </form>
  );
}
