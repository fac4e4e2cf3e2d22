// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, renderHook, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BerthError } from '../../../preload/contract/errors';
import { ModalButtons } from '../../../renderer/src/components/Modal';
import { Tabs } from '../../../renderer/src/components/Tabs';
import { TextField } from '../../../renderer/src/components/TextField';
import { useAction, useLoad } from '../../../renderer/src/components/use-load';
import { deferred } from '../helpers/fake-api';

afterEach(cleanup);

describe('useLoad', () => {
  it('shows only the answer for the current key, and errors as BerthErrors', async () => {
    const a = deferred<string>();
    const b = deferred<string>();
    const loads: Record<string, Promise<string>> = { a: a.promise, b: b.promise };
    const { result, rerender } = renderHook(({ k }) => useLoad(() => loads[k]!, k), { initialProps: { k: 'a' } });
    expect(result.current).toEqual({});
    rerender({ k: 'b' });
    await act(async () => a.resolve('old'));
    expect(result.current.value).toBeUndefined(); // an answer for a key no longer asked about
    await act(async () => b.reject(new Error('boom')));
    expect(result.current.error).toBeInstanceOf(BerthError);
    expect(result.current.error?.code).toBe('internal');
  });
});

describe('useAction', () => {
  it('is busy while running, keeps the error of a failure, calls done with the value', async () => {
    const { result } = renderHook(() => useAction());
    const d = deferred<number>();
    const done = vi.fn();
    act(() => result.current.run(() => d.promise, done));
    expect(result.current.busy).toBe(true);
    await act(async () => d.resolve(7));
    expect(result.current.busy).toBe(false);
    expect(done).toHaveBeenCalledWith(7);
    act(() => result.current.run(() => Promise.reject(new BerthError('conflict', 'in use'))));
    await waitFor(() => expect(result.current.error?.code).toBe('conflict'));
    expect(result.current.busy).toBe(false);
  });
});

describe('<TextField>', () => {
  it('is named by its label only; shows the help, or the problem instead (and is then invalid)', () => {
    const onChange = vi.fn();
    const { rerender } = render(<TextField label="Name" value="" help="optional" onChange={onChange} />);
    const input = screen.getByRole('textbox', { name: 'Name' });
    expect(input.getAttribute('aria-invalid')).toBe('false');
    expect(screen.getByText('optional')).toBeTruthy();
    fireEvent.change(input, { target: { value: 'x' } });
    expect(onChange).toHaveBeenCalledWith('x');
    rerender(<TextField label="Name" value="x" help="optional" problem={<span>bad name</span>} onChange={onChange} />);
    expect(screen.getByRole('textbox', { name: 'Name' }).getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByText('optional')).toBeNull();
    expect(screen.getByText('bad name')).toBeTruthy();
    rerender(<TextField label="Name" value="x" help="optional" problem={false} onChange={onChange} />);
    expect(screen.getByText('optional')).toBeTruthy();
  });
});

describe('<ModalButtons>', () => {
  it('offers Cancel and the action; once done, only Close', () => {
    const onCancel = vi.fn();
    const onSubmit = vi.fn();
    const { rerender } = render(<ModalButtons label="Prune" danger onCancel={onCancel} onSubmit={onSubmit} />);
    const action = screen.getByRole('button', { name: 'Prune' });
    expect(action.className).toBe('danger');
    expect(action.getAttribute('type')).toBe('button');
    fireEvent.click(action);
    expect(onSubmit).toHaveBeenCalledOnce();
    rerender(<ModalButtons label="Prune" done onCancel={onCancel} onSubmit={onSubmit} />);
    expect(screen.queryByRole('button', { name: 'Prune' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'common.close' }));
    expect(onCancel).toHaveBeenCalledOnce();
  });

  it('submits its form when it has no onSubmit of its own', () => {
    const onSubmit = vi.fn((e: { preventDefault(): void }) => e.preventDefault());
    render(
      <form onSubmit={onSubmit}>
        <ModalButtons label="Create" onCancel={() => {}} />
      </form>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(onSubmit).toHaveBeenCalledOnce();
  });
});

describe('<Tabs>', () => {
  it('marks the chosen tab and reports clicks', () => {
    const onChange = vi.fn();
    render(<Tabs tabs={['a', 'b'] as const} value="a" onChange={onChange} label={(k) => `tab ${k}`} />);
    expect(screen.getByRole('tab', { name: 'tab a' }).getAttribute('aria-selected')).toBe('true');
    fireEvent.click(screen.getByRole('tab', { name: 'tab b' }));
    expect(onChange).toHaveBeenCalledWith('b');
  });
});
