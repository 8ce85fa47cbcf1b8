/** Imports a keyspace from a recovery phrase, pointing at the word that is wrong before the core is asked. */
import { type FormEvent, useMemo, useState } from 'react';
import { Field } from '../../components/Field';
import { ErrorNotice, Notice } from '../../components/Notice';
import { nameProblem } from '../../lib/contract-check';
import { badWordFromError, checkMnemonic, suggestWords } from '../../lib/mnemonic-check';
import { useAction } from '../../lib/use-action';
import { useFocusOnMount } from '../../lib/use-focus';
import { unwrap, WalletCallError, wallet } from '../../wallet-client';
import { PasswordFields, type PasswordPair, passwordPairProblem } from './PasswordFields';

export function ImportKeyspaceForm({
  onDone,
  onCancel,
}: {
  onDone: (keyspace: string) => void;
  onCancel?: () => void;
}) {
  const [name, setName] = useState('');
  const nameRef = useFocusOnMount<HTMLInputElement>();
  const [phrase, setPhrase] = useState('');
  const [pw, setPw] = useState<PasswordPair>({ password: '', confirm: '' });
  const [tried, setTried] = useState(false);
  const nameError = nameProblem(name, 'Name the keyspace.');
  const [coreBad, setCoreBad] = useState<number | null>(null);
  const check = useMemo(() => checkMnemonic(phrase), [phrase]);
  const importIt = useAction(async () => {
    try {
      await unwrap(
        wallet.keyspaceImport({ name: name.trim(), mnemonic: check.words.join(' '), password: pw.password }),
      );
    } catch (e) {
      if (e instanceof WalletCallError) setCoreBad(badWordFromError(e.error));
      throw e;
    }
    return true;
  });
  const bad = new Set(check.badIndexes);
  if (coreBad !== null) bad.add(coreBad);
  const showCheck = tried || check.words.length >= 12;
  const pwProblem = passwordPairProblem(pw);
  const firstBad = check.badIndexes[0];
  const firstBadWord = firstBad === undefined ? undefined : check.words[firstBad];
  const suggestions = firstBadWord === undefined ? [] : suggestWords(firstBadWord);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (check.problem || pwProblem || nameError) return;
    if (await importIt.run()) onDone(name.trim());
  };

  return (
    <form className="stack-lg" onSubmit={submit} noValidate>
      <Field label="Keyspace name" error={tried ? nameError : null}>
        {(p) => (
          <input
            {...p}
            className="input"
            ref={nameRef}
            maxLength={64}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        )}
      </Field>
      <Field
        label="Recovery phrase"
        hint="12 to 24 words separated by spaces or new lines."
        error={showCheck && check.problem ? check.problem : null}
      >
        {(p) => (
          <textarea
            {...p}
            className="textarea mono"
            rows={4}
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="off"
            value={phrase}
            onChange={(e) => {
              setPhrase(e.target.value);
              setCoreBad(null);
            }}
          />
        )}
      </Field>
      {showCheck && check.words.length > 0 && (
        <ol className="word-chips" aria-label="Words as read">
          {check.words.map((w, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the position is the identity
            <li key={i} data-bad={bad.has(i)}>
              <span aria-hidden="true">{i + 1}</span> {w}
              {bad.has(i) && <span className="visually-hidden"> (not a valid word)</span>}
            </li>
          ))}
        </ol>
      )}
      {showCheck && suggestions.length > 0 && <p className="field-hint">Did you mean: {suggestions.join(', ')}?</p>}
      <PasswordFields value={pw} onChange={setPw} showMismatch={tried} label="New password for this keyspace" />
      {tried && pwProblem && <Notice tone="danger">{pwProblem}</Notice>}
      <ErrorNotice error={importIt.error} />
      <div className="form-actions">
        {onCancel && (
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="btn btn-primary" disabled={importIt.pending}>
          {importIt.pending ? 'Importing…' : 'Import keyspace'}
        </button>
      </div>
    </form>
  );
}
