// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfirmDialog } from '../../../renderer/src/components/ConfirmDialog';
import { Modal } from '../../../renderer/src/components/Modal';

afterEach(cleanup);

describe('<Modal>', () => {
  it('is a labelled dialog; ✕ and Escape close it', () => {
    const onClose = vi.fn();
    render(
      <Modal title="Pull" onClose={onClose} testId="m" footer={<button type="button">Go</button>}>
        body
      </Modal>,
    );
    const dialog = screen.getByRole('dialog', { name: 'Pull' });
    expect(dialog.getAttribute('data-testid')).toBe('m');
    expect(document.activeElement).toBe(dialog);
    fireEvent.click(screen.getByRole('button', { name: 'common.close' }));
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(2);
  });

  it('closes only the top-most one on Escape', () => {
    const outer = vi.fn();
    const inner = vi.fn();
    render(
      <Modal title="Outer" onClose={outer}>
        <Modal title="Inner" onClose={inner} />
      </Modal>,
    );
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(inner).toHaveBeenCalledOnce();
    expect(outer).not.toHaveBeenCalled();
  });

  it('starts on the first text field when asked, but an autoFocus element wins', () => {
    const { unmount } = render(
      <Modal title="A" onClose={() => {}} initialFocus="first-field">
        <input type="checkbox" aria-label="check" />
        <input type="text" aria-label="name" />
      </Modal>,
    );
    expect(document.activeElement).toBe(screen.getByLabelText('name'));
    unmount();
    render(
      <Modal title="B" onClose={() => {}} initialFocus="first-field">
        <input type="text" aria-label="first" />
        <input type="text" aria-label="second" autoFocus />
      </Modal>,
    );
    expect(document.activeElement).toBe(screen.getByLabelText('second'));
  });

  it('gives the focus back to the opener when it closes', () => {
    function Opener() {
      const [open, setOpen] = useState(false);
      return (
        <>
          <button type="button" onClick={() => setOpen(true)}>
            open
          </button>
          {open && <Modal title="X" onClose={() => setOpen(false)} />}
        </>
      );
    }
    render(<Opener />);
    const opener = screen.getByRole('button', { name: 'open' });
    opener.focus();
    fireEvent.click(opener);
    expect(document.activeElement).toBe(screen.getByRole('dialog'));
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('closes on a backdrop click only when asked, never on a click inside', () => {
    const onClose = vi.fn();
    const { container, rerender } = render(<Modal title="X" onClose={onClose} />);
    const backdrop = container.querySelector('.modal-backdrop')!;
    fireEvent.mouseDown(backdrop);
    expect(onClose).not.toHaveBeenCalled();
    rerender(<Modal title="X" onClose={onClose} closeOnBackdrop />);
    fireEvent.mouseDown(screen.getByRole('dialog'));
    expect(onClose).not.toHaveBeenCalled();
    fireEvent.mouseDown(backdrop);
    expect(onClose).toHaveBeenCalledOnce();
  });
});

describe('<ConfirmDialog>', () => {
  it('starts on Cancel; Escape cancels; confirm is disabled while busy', () => {
    const onCancel = vi.fn();
    const onConfirm = vi.fn();
    const { rerender } = render(
      <ConfirmDialog title="Remove web?" confirmLabel="Remove" danger onConfirm={onConfirm} onCancel={onCancel} />,
    );
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'common.cancel' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove' }));
    expect(onConfirm).toHaveBeenCalledOnce();
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(onCancel).toHaveBeenCalledOnce();
    rerender(
      <ConfirmDialog title="Remove web?" confirmLabel="Remove" busy onConfirm={onConfirm} onCancel={onCancel} />,
    );
    expect(screen.getByRole('button', { name: 'Remove' }).hasAttribute('disabled')).toBe(true);
  });
});
