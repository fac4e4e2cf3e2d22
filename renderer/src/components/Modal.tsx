import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** Text fields that may take the focus when a dialog opens (not checkboxes or radios: typing there does nothing). */
const FIRST_FIELD =
  'input:not([type=checkbox]):not([type=radio]):not([type=hidden]):not(:disabled), textarea:not(:disabled)';

export interface ModalProps {
  title: ReactNode;
  onClose(): void;
  /** Wider (details, file browser, diagrams, long forms). */
  wide?: boolean;
  footer?: ReactNode;
  children?: ReactNode;
  testId?: string;
  /** Extra classes on the dialog box (a panel's own field styles). */
  className?: string;
  /**
   * Where the focus starts when nothing inside took it already (an `autoFocus` field or button wins):
   * the dialog itself (default), or its first text field (dialogs that are mostly one thing to type).
   */
  initialFocus?: 'dialog' | 'first-field';
  /** A click on the backdrop closes it too (read-only overlays: nothing to lose). */
  closeOnBackdrop?: boolean;
}

/**
 * The one modal window of the app: Escape (only the top-most modal) or ✕ closes it, the focus moves into it
 * and goes back to where it was when it closes.
 */
export function Modal({
  title,
  onClose,
  wide,
  footer,
  children,
  testId,
  className,
  initialFocus = 'dialog',
  closeOnBackdrop,
}: ModalProps) {
  const { t } = useTranslation();
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  useEffect(() => {
    closeRef.current = onClose;
  });
  const focusRef = useRef(initialFocus);
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const box = ref.current;
    if (box && !box.contains(document.activeElement)) {
      const first = focusRef.current === 'first-field' ? box.querySelector<HTMLElement>(FIRST_FIELD) : null;
      (first ?? box).focus();
    }
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      const all = document.querySelectorAll('.modal');
      if (all[all.length - 1] === ref.current) closeRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      // Back to the button that opened it, unless it went away with the dialog or focus moved on elsewhere.
      if (before?.isConnected && (!document.activeElement || document.activeElement === document.body)) {
        before.focus();
      }
    };
  }, []);
  return (
    <div
      className="modal-backdrop"
      onMouseDown={closeOnBackdrop ? (e) => e.target === e.currentTarget && closeRef.current() : undefined}
    >
      <div
        ref={ref}
        className={['modal', wide && 'modal-wide', className].filter(Boolean).join(' ')}
        role="dialog"
        aria-modal="true"
        aria-labelledby={id}
        tabIndex={-1}
        data-testid={testId}
      >
        <div className="modal-title-row">
          <h2 id={id}>{title}</h2>
          <button type="button" className="link" onClick={onClose} aria-label={t('common.close')}>
            ✕
          </button>
        </div>
        <div className="modal-body">{children}</div>
        {footer && <div className="modal-actions">{footer}</div>}
      </div>
    </div>
  );
}

/**
 * The usual footer: Cancel and the dialog's own action (red when it destroys something). Once `done`, only Close
 * is left (a prune shows what it did).
 */
export function ModalButtons({
  label,
  onCancel,
  onSubmit,
  busy,
  disabled,
  danger,
  done,
  focusCancel,
}: {
  label: string;
  onCancel(): void;
  /** Without it, the action button submits the form it stands in (Enter in a field does too). */
  onSubmit?(): void;
  busy?: boolean;
  disabled?: boolean;
  danger?: boolean;
  done?: boolean;
  /** Start on Cancel (confirmations: the safe choice). */
  focusCancel?: boolean;
}) {
  const { t } = useTranslation();
  if (done) {
    return (
      <button type="button" className="primary" onClick={onCancel}>
        {t('common.close')}
      </button>
    );
  }
  return (
    <>
      <button type="button" onClick={onCancel} autoFocus={focusCancel}>
        {t('common.cancel')}
      </button>
      <button
        type={onSubmit ? 'button' : 'submit'}
        className={danger ? 'danger' : 'primary'}
        disabled={busy || disabled}
        onClick={onSubmit}
      >
        {label}
      </button>
    </>
  );
}
