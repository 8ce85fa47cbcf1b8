/** Deleting a keyspace needs its password and its name typed again: the keys are gone unless the phrase was kept. */
import { type FormEvent, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { ErrorNotice, Notice } from '../../components/Notice';
import { PasswordField } from '../../components/PasswordField';
import { navigate } from '../../lib/router';
import { useAction } from '../../lib/use-action';
import { unwrap, wallet } from '../../wallet-client';

export function DeleteKeyspaceDialog({
  open,
  keyspace,
  onClose,
}: {
  open: boolean;
  keyspace: string;
  onClose: () => void;
}) {
  return (
    <Dialog open={open} title={`Delete “${keyspace}”?`} onClose={onClose}>
      <DeleteForm keyspace={keyspace} onClose={onClose} />
    </Dialog>
  );
}

function DeleteForm({ keyspace, onClose }: { keyspace: string; onClose: () => void }) {
  const [password, setPassword] = useState('');
  const [confirmName, setConfirmName] = useState('');
  const del = useAction(() => unwrap(wallet.keyspaceDelete({ name: keyspace, password, confirmName })));
  const nameMatches = confirmName === keyspace;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!nameMatches || !password) return;
    if ((await del.run()) !== undefined) {
      onClose();
      navigate('keyspaces');
    }
  };

  return (
    <form className="stack-lg" onSubmit={submit}>
      <Notice tone="danger">
        This removes the keyspace and all its keypairs from this device. Only its recovery phrase can bring them back.
      </Notice>
      <PasswordField value={password} onChange={setPassword} />
      <Field
        label={
          <>
            Type <strong>{keyspace}</strong> to confirm
          </>
        }
        error={confirmName && !nameMatches ? 'The name does not match.' : null}
      >
        {(p) => (
          <input
            {...p}
            className="input"
            autoComplete="off"
            value={confirmName}
            onChange={(e) => setConfirmName(e.target.value)}
          />
        )}
      </Field>
      <ErrorNotice error={del.error} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="btn btn-danger" disabled={del.pending || !nameMatches || !password}>
          {del.pending ? 'Deleting…' : 'Delete keyspace'}
        </button>
      </div>
    </form>
  );
}
