/** Renames a keyspace or keypair: one field, prefilled, submitted to the given core call. */
import { type FormEvent, useState } from 'react';
import { useAction } from '../lib/use-action';
import { Dialog } from './Dialog';
import { Field } from './Field';
import { ErrorNotice } from './Notice';

export function RenameDialog({
  open,
  what,
  current,
  onRename,
  onClose,
}: {
  open: boolean;
  what: string;
  current: string;
  onRename: (newName: string) => Promise<unknown>;
  onClose: () => void;
}) {
  return (
    <Dialog open={open} title={`Rename ${what}`} onClose={onClose}>
      <RenameForm current={current} onRename={onRename} onClose={onClose} />
    </Dialog>
  );
}

function RenameForm({
  current,
  onRename,
  onClose,
}: {
  current: string;
  onRename: (n: string) => Promise<unknown>;
  onClose: () => void;
}) {
  const [name, setName] = useState(current);
  const rename = useAction(onRename);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const trimmed = name.trim();
    if (trimmed === current) return onClose();
    if ((await rename.run(trimmed)) !== undefined) onClose();
  };
  return (
    <form className="stack-lg" onSubmit={submit}>
      <Field label="New name">
        {(p) => (
          <input
            {...p}
            className="input"
            required
            maxLength={64}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        )}
      </Field>
      <ErrorNotice error={rename.error} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={rename.pending || name.trim() === ''}>
          Rename
        </button>
      </div>
    </form>
  );
}
