// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { Suspense, useState, type ComponentType } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lazyPanel } from '../../../renderer/src/lib/lazy-panel';

afterEach(cleanup);

/** A panel with state of its own (a counter), as a chunk whose import the test settles. */
function chunk() {
  function Counter() {
    const [n, setN] = useState(0);
    return (
      <button type="button" onClick={() => setN(n + 1)}>
        clicked {n}
      </button>
    );
  }
  let settle!: (c: ComponentType) => void;
  const load = vi.fn(() => new Promise<ComponentType>((r) => (settle = r)));
  return { load, Counter, settle: () => settle(Counter) };
}

const shell = (Panel: ComponentType, label = 'a') => (
  <Suspense fallback={<p>loading</p>}>
    <span>{label}</span>
    <Panel />
  </Suspense>
);

describe('lazyPanel', () => {
  it('once fetched, renders at once, with no fallback in between', async () => {
    const c = chunk();
    const p = lazyPanel(c.load);
    const fetched = p.load();
    c.settle();
    await fetched;
    render(shell(p.Component));
    expect(screen.queryByText('loading')).toBeNull();
    expect(screen.getByRole('button').textContent).toBe('clicked 0');
    expect(c.load).toHaveBeenCalledTimes(1);
  });

  it('shown before its chunk is in: the fallback, then the panel, which keeps its state when the fetch lands', async () => {
    const c = chunk();
    const p = lazyPanel(c.load);
    const { rerender } = render(shell(p.Component));
    expect(screen.getByText('loading')).toBeTruthy();
    await act(async () => c.settle());
    fireEvent.click(await screen.findByRole('button'));
    expect(screen.getByRole('button').textContent).toBe('clicked 1');
    await act(async () => void (await p.load())); // the idle prefetch finishing late
    rerender(shell(p.Component, 'b'));
    expect(screen.getByText('b')).toBeTruthy();
    expect(screen.getByRole('button').textContent).toBe('clicked 1'); // not remounted
    expect(c.load).toHaveBeenCalledTimes(1);
  });

  it('tries a failed import again before giving up', async () => {
    vi.useFakeTimers();
    try {
      const Panel = () => <p>ok</p>;
      const load = vi
        .fn<() => Promise<ComponentType>>()
        .mockRejectedValueOnce(new Error('net::ERR_NETWORK_CHANGED'))
        .mockResolvedValueOnce(Panel);
      const p = lazyPanel(load);
      const fetched = p.load();
      await vi.advanceTimersByTimeAsync(250);
      expect(await fetched).toBe(Panel);
      expect(load).toHaveBeenCalledTimes(2);

      const failing = lazyPanel(vi.fn(() => Promise.reject(new Error('gone'))));
      const gaveUp = failing.load().catch((e: Error) => e.message);
      await vi.advanceTimersByTimeAsync(1000);
      expect(await gaveUp).toBe('gone');
    } finally {
      vi.useRealTimers();
    }
  });
});
