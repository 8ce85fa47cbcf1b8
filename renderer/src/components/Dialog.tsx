/**
 * A modal built on the native <dialog>: the browser traps focus, Esc closes it, and focus returns
 * to the element that opened it. Content mounts only while open, so transient secrets leave with it.
 */
import { type ReactNode, useEffect, useId, useRef } from 'react';
import { Icon } from './Icon';

export interface DialogProps {
  open: boolean;
  title: string;
  description?: ReactNode;
  onClose: () => void;
  wide?: boolean;
  /** False while closing would lose something shown once (a new recovery phrase): Esc and × do nothing. */
  dismissable?: boolean;
  children: ReactNode;
}

export function Dialog({ open, title, description, onClose, wide, dismissable = true, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descId = useId();
  const opener = useRef<Element | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement;
      dialog.showModal();
      // showModal focuses the first focusable element (the × button); the first field is where typing starts.
      dialog.querySelector<HTMLElement>('.dialog-body :is(input, select, textarea):not(:disabled)')?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const onNativeClose = () => {
      if (opener.current instanceof HTMLElement && opener.current.isConnected) opener.current.focus();
      onClose();
    };
    const onCancel = (e: Event) => {
      if (!dismissable) e.preventDefault();
    };
    dialog.addEventListener('close', onNativeClose);
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('close', onNativeClose);
      dialog.removeEventListener('cancel', onCancel);
    };
  }, [onClose, dismissable]);

  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog dialog-wide' : 'dialog'}
      aria-labelledby={titleId}
      aria-describedby={description ? descId : undefined}
    >
      {open && (
        <>
          <div className="dialog-header">
            <div className="stack" style={{ gap: 4 }}>
              <h2 id={titleId}>{title}</h2>
              {description && (
                <p id={descId} className="muted small">
                  {description}
                </p>
              )}
            </div>
            {dismissable && (
              <button type="button" className="btn btn-ghost btn-icon btn-sm" aria-label="Close" onClick={onClose}>
                <Icon name="x" />
              </button>
            )}
          </div>
          <div className="dialog-body">{children}</div>
        </>
      )}
    </dialog>
  );
}
