/** Imports a raw private key (hex) into a keyspace: the one flow that sends key material to main. */
import { type FormEvent, useState } from 'react';
import { Field } from '../../components/Field';
import { ErrorNotice } from '../../components/Notice';
import { useAction } from '../../lib/use-action';
import { unwrap, wallet } from '../../wallet-client';

const HEX = /^(0x)?([0-9a-fA-F]{2})+$/;

export function ImportKeyForm({
  keyspace,
  onDone,
  onCancel,
}: {
  keyspace: string;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState('');
  const [hex, setHex] = useState('');
  const [tried, setTried] = useState(false);
  const clean = hex.trim().replace(/^0x/, '');
  const hexProblem = HEX.test(hex.trim()) ? null : 'Enter the private key as hex, e.g. 64 hex digits.';
  const importKey = useAction(() =>
    unwrap(wallet.keypairImport({ keyspace, name: name.trim(), privateKeyHex: clean })),
  );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (hexProblem || !name.trim()) return;
    if (await importKey.run()) {
      setHex('');
      onDone();
    }
  };

  return (
    <form className="stack-lg" onSubmit={submit} noValidate>
      <Field label="Keypair name" error={tried && !name.trim() ? 'Name the keypair.' : null}>
        {(p) => (
          <input {...p} className="input" maxLength={64} value={name} onChange={(e) => setName(e.target.value)} />
        )}
      </Field>
      <Field
        label="Private key (hex)"
        hint="It is encrypted into this keyspace and never shown again."
        error={tried ? hexProblem : null}
      >
        {(p) => (
          <input
            {...p}
            className="input mono"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={hex}
            onChange={(e) => setHex(e.target.value)}
          />
        )}
      </Field>
      <ErrorNotice error={importKey.error} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={importKey.pending}>
          Import key
        </button>
      </div>
    </form>
  );
}
