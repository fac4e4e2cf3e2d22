import type { ReactNode } from 'react';
import { Modal, ModalButtons } from './Modal';

interface Props {
  title: string;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm(): void;
  onCancel(): void;
  children?: ReactNode;
}

/** A modal confirmation: Escape, ✕ or Cancel closes it, focus starts on Cancel (the safe choice). */
export function ConfirmDialog({ title, confirmLabel, danger, busy, onConfirm, onCancel, children }: Props) {
  return (
    <Modal
      title={title}
      onClose={onCancel}
      footer={
        <ModalButtons
          label={confirmLabel}
          danger={danger}
          busy={busy}
          onCancel={onCancel}
          onSubmit={onConfirm}
          focusCancel
        />
      }
    >
      {children}
    </Modal>
  );
}
