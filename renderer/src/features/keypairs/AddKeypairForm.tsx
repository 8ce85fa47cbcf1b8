/** Derives a new keypair in an unlocked keyspace: a name and a curve. */
import { type FormEvent, useState } from 'react';
import type { KeypairInfo } from '../../../../shared/ipc/schemas';
import { Field } from '../../components/Field';
import { ErrorNotice } from '../../components/Notice';
import { useAction } from '../../lib/use-action';
import { useFocusOnMount } from '../../lib/use-focus';
import { unwrap, wallet } from '../../wallet-client';

type KeyType = KeypairInfo['type'];

export function AddKeypairForm({
  keyspace,
  defaultName = '',
  submitLabel = 'Add keypair',
  onDone,
  onCancel,
}: {
  keyspace: string;
  defaultName?: string;
  submitLabel?: string;
  onDone: (keypair: KeypairInfo) => void;
  onCancel?: () => void;
}) {
  const [name, setName] = useState(defaultName);
  const nameRef = useFocusOnMount<HTMLInputElement>();
  const [type, setType] = useState<KeyType>('secp256k1');
  const create = useAction(() => unwrap(wallet.keypairCreate({ keyspace, name, type })));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const created = await create.run();
    if (created) onDone(created);
  };

  return (
    <form className="stack-lg" onSubmit={submit}>
      <Field label="Keypair name" hint="For you to recognise it, e.g. “Signing key” or “Server A”.">
        {(p) => (
          <input
            {...p}
            className="input"
            ref={nameRef}
            required
            maxLength={64}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        )}
      </Field>
      <fieldset className="plain">
        <legend>Curve</legend>
        <div className="segmented">
          {(['secp256k1', 'ed25519'] as const).map((t) => (
            <label key={t}>
              <input type="radio" name="keytype" value={t} checked={type === t} onChange={() => setType(t)} />
              {t}
            </label>
          ))}
        </div>
        <p className="field-hint" style={{ marginTop: 6 }}>
          {type === 'secp256k1'
            ? 'ECDSA over SHA-256. SigSocket servers need a secp256k1 key.'
            : 'EdDSA (SLIP-10 derivation). Not usable with SigSocket.'}
        </p>
      </fieldset>
      <ErrorNotice error={create.error} />
      <div className="form-actions">
        {onCancel && (
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="btn btn-primary" disabled={create.pending || name.trim() === ''}>
          {create.pending ? 'Deriving…' : submitLabel}
        </button>
      </div>
    </form>
  );
}
