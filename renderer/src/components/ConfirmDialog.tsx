/** Asks before an irreversible action, naming exactly what will happen. */
import type { ReactNode } from 'react';
import { useAction } from '../lib/use-action';
import { Dialog } from './Dialog';
import { ErrorNotice } from './Notice';

export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  danger,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
}) {
  const action = useAction(onConfirm);
  return (
    <Dialog open={open} title={title} onClose={onClose}>
      <div className="stack-lg">
        <div>{children}</div>
        <ErrorNotice error={action.error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className={danger ? 'btn btn-danger' : 'btn btn-primary'}
            disabled={action.pending}
            onClick={async () => {
              if ((await action.run()) !== undefined) onClose();
            }}
          >
            {confirmLabel}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
