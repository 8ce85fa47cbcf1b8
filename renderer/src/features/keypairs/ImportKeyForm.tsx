/** Imports a raw private key (hex) into a keyspace: the one flow that sends key material to main. */
import { type FormEvent, useState } from 'react';
import { channels } from '../../../../shared/ipc/contract';
import { Field } from '../../components/Field';
import { ErrorNotice } from '../../components/Notice';
import { nameProblem } from '../../lib/contract-check';
import { useAction } from '../../lib/use-action';
import { unwrap, wallet } from '../../wallet-client';

/** The contract's rule for the key field (hex, bounded), so the form refuses what the core would. */
const PRIVATE_KEY_HEX = channels['keypair:import'].request.shape.privateKeyHex;

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
  const hexProblem = PRIVATE_KEY_HEX.safeParse(clean).success
    ? null
    : 'Enter the private key as hex, e.g. 64 hex digits.';
  const namePrompt = nameProblem(name, 'Name the keypair.');
  const importKey = useAction(() =>
    unwrap(wallet.keypairImport({ keyspace, name: name.trim(), privateKeyHex: clean })),
  );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (hexProblem || namePrompt) return;
    if (await importKey.run()) {
      setHex('');
      onDone();
    }
  };

  return (
    <form className="stack-lg" onSubmit={submit} noValidate>
      <Field label="Keypair name" error={tried ? namePrompt : null}>
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
