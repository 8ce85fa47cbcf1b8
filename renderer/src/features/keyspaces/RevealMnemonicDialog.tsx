/** Shows a keyspace's recovery phrase after its password is entered again; the words leave when the dialog closes. */
import { type FormEvent, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice, Notice } from '../../components/Notice';
import { PasswordField } from '../../components/PasswordField';
import { useAction } from '../../lib/use-action';
import { unwrap, wallet } from '../../wallet-client';
import { MnemonicWords } from '../first-run/MnemonicWords';

export function RevealMnemonicDialog({
  open,
  keyspace,
  onClose,
}: {
  open: boolean;
  keyspace: string;
  onClose: () => void;
}) {
  return (
    <Dialog open={open} wide title="Reveal recovery phrase" description={`Keyspace “${keyspace}”`} onClose={onClose}>
      <RevealForm keyspace={keyspace} onClose={onClose} />
    </Dialog>
  );
}

function RevealForm({ keyspace, onClose }: { keyspace: string; onClose: () => void }) {
  const [password, setPassword] = useState('');
  const [words, setWords] = useState<string[] | null>(null);
  const reveal = useAction(() => unwrap(wallet.keyspaceRevealMnemonic({ name: keyspace, password })));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = await reveal.run();
    setPassword('');
    if (result) setWords(result.mnemonic.split(' '));
  };

  if (words) {
    return (
      <div className="stack-lg">
        <Notice tone="warning">
          Anyone who sees these words can sign as you. Make sure nobody is watching your screen.
        </Notice>
        <MnemonicWords words={words} label="Recovery phrase" />
        <div className="form-actions">
          <button type="button" className="btn btn-primary" onClick={onClose}>
            Hide and close
          </button>
        </div>
      </div>
    );
  }
  return (
    <form className="stack-lg" onSubmit={submit}>
      <p className="muted">Enter the keyspace password again to show its 24 words.</p>
      <PasswordField value={password} onChange={setPassword} />
      <ErrorNotice error={reveal.error} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={reveal.pending || !password}>
          {reveal.pending ? 'Checking…' : 'Reveal'}
        </button>
      </div>
    </form>
  );
}
