/**
 * Creating a keyspace: name and password → the 24 words, shown once → 3 of them typed back →
 * (optionally) a first keypair. The mnemonic lives only in this component's state and leaves with it.
 */
import { type FormEvent, useState } from 'react';
import { Field } from '../../components/Field';
import { ErrorNotice, Notice } from '../../components/Notice';
import { nameProblem } from '../../lib/contract-check';
import { useAction } from '../../lib/use-action';
import { useFocusOnMount } from '../../lib/use-focus';
import { unwrap, wallet } from '../../wallet-client';
import { AddKeypairForm } from '../keypairs/AddKeypairForm';
import { ConfirmBackup } from './ConfirmBackup';
import { MnemonicWords } from './MnemonicWords';
import './first-run.css';
import { PasswordFields, type PasswordPair, passwordPairProblem } from './PasswordFields';

type Step = 'details' | 'words' | 'confirm' | 'keypair';
const STEPS: Step[] = ['details', 'words', 'confirm', 'keypair'];

export function CreateKeyspaceFlow({
  withKeypair,
  onDone,
  onCancel,
  onStarted,
}: {
  withKeypair: boolean;
  onDone: (keyspace: string) => void;
  onCancel?: () => void;
  /**
   * Called as the keyspace is being created, before its words come back: from here the caller must keep
   * this flow on screen (the new keyspace shows up in the snapshot before the words are confirmed).
   */
  onStarted?: () => void;
}) {
  const [step, setStep] = useState<Step>('details');
  const nameRef = useFocusOnMount<HTMLInputElement>();
  const [name, setName] = useState('');
  const [pw, setPw] = useState<PasswordPair>({ password: '', confirm: '' });
  const [tried, setTried] = useState(false);
  const nameError = nameProblem(name, 'Name the keyspace.');
  const [words, setWords] = useState<string[]>([]);
  const [written, setWritten] = useState(false);
  const create = useAction((n: string, password: string) =>
    unwrap(wallet.keyspaceCreate({ name: n, password, words: 24 })),
  );
  const steps = withKeypair ? STEPS : STEPS.slice(0, 3);
  const problem = passwordPairProblem(pw);

  const submitDetails = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (problem || nameError) return;
    onStarted?.();
    const result = await create.run(name.trim(), pw.password);
    if (!result) return;
    setPw({ password: '', confirm: '' });
    setWords(result.mnemonic.split(' '));
    setStep('words');
  };

  const confirmed = () => {
    setWords([]);
    if (withKeypair) setStep('keypair');
    else onDone(name.trim());
  };

  return (
    <div className="stack-lg">
      <ol className="steps" aria-label={`Step ${steps.indexOf(step) + 1} of ${steps.length}`}>
        {steps.map((s) => (
          <li key={s} data-done={steps.indexOf(s) <= steps.indexOf(step)} />
        ))}
      </ol>

      {step === 'details' && (
        <form className="stack-lg" onSubmit={submitDetails} noValidate>
          <Field
            label="Keyspace name"
            hint="A keyspace holds keypairs derived from one recovery phrase."
            error={tried ? nameError : null}
          >
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
          <PasswordFields value={pw} onChange={setPw} showMismatch={tried || pw.confirm.length >= pw.password.length} />
          {tried && problem && <Notice tone="danger">{problem}</Notice>}
          <ErrorNotice error={create.error} />
          <div className="form-actions">
            {onCancel && (
              <button type="button" className="btn" onClick={onCancel}>
                Cancel
              </button>
            )}
            <button type="submit" className="btn btn-primary" disabled={create.pending}>
              {create.pending ? 'Creating…' : 'Create keyspace'}
            </button>
          </div>
        </form>
      )}

      {step === 'words' && (
        <div className="stack-lg">
          <Notice tone="warning">
            <strong>Write these 24 words down, in order, and keep them offline.</strong> They are shown this once.
            Anyone with them can sign as you; without them and the password, the keys cannot be recovered.
          </Notice>
          <MnemonicWords words={words} label="Recovery phrase" />
          <label className="check">
            <input type="checkbox" checked={written} onChange={(e) => setWritten(e.target.checked)} />
            <span>I have written down all 24 words.</span>
          </label>
          <div className="form-actions">
            <button type="button" className="btn btn-primary" disabled={!written} onClick={() => setStep('confirm')}>
              Continue
            </button>
          </div>
        </div>
      )}

      {step === 'confirm' && <ConfirmBackup words={words} onBack={() => setStep('words')} onConfirmed={confirmed} />}

      {step === 'keypair' && (
        <div className="stack-lg">
          <Notice tone="success">Backup confirmed. Now add a first keypair to sign with.</Notice>
          <AddKeypairForm keyspace={name.trim()} defaultName="Signing key" onDone={() => onDone(name.trim())} />
          <div className="form-actions">
            <button type="button" className="btn btn-ghost" onClick={() => onDone(name.trim())}>
              Skip for now
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
