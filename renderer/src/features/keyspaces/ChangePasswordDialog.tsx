/** Re-encrypts a keyspace under a new password; the old one is needed. */
import { type FormEvent, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice, Notice } from '../../components/Notice';
import { PasswordField } from '../../components/PasswordField';
import { useAction } from '../../lib/use-action';
import { unwrap, wallet } from '../../wallet-client';
import { PasswordFields, type PasswordPair, passwordPairProblem } from '../first-run/PasswordFields';

export function ChangePasswordDialog({
  open,
  keyspace,
  onClose,
}: {
  open: boolean;
  keyspace: string;
  onClose: () => void;
}) {
  return (
    <Dialog open={open} title="Change password" description={`Keyspace “${keyspace}”`} onClose={onClose}>
      <ChangeForm keyspace={keyspace} onClose={onClose} />
    </Dialog>
  );
}

function ChangeForm({ keyspace, onClose }: { keyspace: string; onClose: () => void }) {
  const [oldPassword, setOld] = useState('');
  const [pw, setPw] = useState<PasswordPair>({ password: '', confirm: '' });
  const [tried, setTried] = useState(false);
  const change = useAction(() =>
    unwrap(wallet.keyspaceChangePassword({ name: keyspace, oldPassword, newPassword: pw.password })),
  );
  const problem = passwordPairProblem(pw);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (problem || !oldPassword) return;
    if ((await change.run()) !== undefined) onClose();
  };

  return (
    <form className="stack-lg" onSubmit={submit} noValidate>
      <PasswordField label="Current password" value={oldPassword} onChange={setOld} />
      <PasswordFields value={pw} onChange={setPw} showMismatch={tried} label="New password" />
      {tried && problem && <Notice tone="danger">{problem}</Notice>}
      <ErrorNotice error={change.error} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={change.pending}>
          {change.pending ? 'Re-encrypting…' : 'Change password'}
        </button>
      </div>
    </form>
  );
}
