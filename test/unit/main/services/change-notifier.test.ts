import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../../../../main/engine/engine-connection';
import { ChangeNotifier } from '../../../../main/services/change-notifier';

const containerEvent = (id: string, action = 'start'): EngineEvent => ({
  Type: 'container',
  Action: action,
  Actor: { ID: id, Attributes: { name: `c-${id}` } },
  time: 1,
});

describe('ChangeNotifier', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('coalesces a burst of container events into one notice with unique ids', () => {
    const emit = vi.fn();
    const n = new ChangeNotifier(emit, 16);
    const actions = ['create', 'start', 'attach', 'die', 'stop', 'destroy'];
    for (let i = 0; i < 1000; i++) n.onEngineEvent(containerEvent(`id${i % 5}`, actions[i % actions.length]));
    expect(emit).not.toHaveBeenCalled();
    vi.advanceTimersByTime(15);
    expect(emit).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(emit).toHaveBeenCalledTimes(1);
    const [kind, ids] = emit.mock.calls[0] as [string, string[]];
    expect(kind).toBe('containers');
    expect(ids).toHaveLength(5);
    expect([...ids].sort()).toEqual(['id0', 'id1', 'id2', 'id3', 'id4']);
    vi.advanceTimersByTime(1000);
    expect(emit).toHaveBeenCalledTimes(1);
  });

  it('does not extend the window while events keep arriving (at most one notice per window)', () => {
    const emit = vi.fn();
    const n = new ChangeNotifier(emit, 16);
    for (let t = 0; t < 64; t += 4) {
      n.onEngineEvent(containerEvent(`a${t}`));
      vi.advanceTimersByTime(4);
    }
    expect(emit).toHaveBeenCalledTimes(4);
    const all = emit.mock.calls.flatMap((c) => c[1] as string[]);
    expect(new Set(all).size).toBe(16);
  });

  it('starts a new window after a flush', () => {
    const emit = vi.fn();
    const n = new ChangeNotifier(emit, 16);
    n.onEngineEvent(containerEvent('a'));
    vi.advanceTimersByTime(16);
    n.onEngineEvent(containerEvent('b'));
    vi.advanceTimersByTime(16);
    expect(emit.mock.calls).toEqual([
      ['containers', ['a']],
      ['containers', ['b']],
    ]);
  });

  it('accepts the legacy top-level id', () => {
    const emit = vi.fn();
    const n = new ChangeNotifier(emit, 16);
    n.onEngineEvent({ Type: 'container', id: 'legacy' });
    vi.advanceTimersByTime(16);
    expect(emit).toHaveBeenCalledWith('containers', ['legacy']);
  });

  it('ignores event types no panel follows, and events without an id', () => {
    const emit = vi.fn();
    const n = new ChangeNotifier(emit, 16);
    // (image, network and volume events have their own kinds now: see their domains' tests)
    n.onEngineEvent({ Type: 'plugin', Action: 'enable', Actor: { ID: 'p1' } });
    n.onEngineEvent({ Type: 'daemon', Action: 'reload', Actor: { ID: 'd1' } });
    n.onEngineEvent({ Type: 'container', Action: 'start' });
    n.onEngineEvent({ Action: 'start', Actor: { ID: 'no-type' } });
    vi.advanceTimersByTime(1000);
    expect(emit).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('flush() emits at once and cancels the pending timer', () => {
    const emit = vi.fn();
    const n = new ChangeNotifier(emit, 16);
    n.onEngineEvent(containerEvent('x'));
    n.flush();
    expect(emit).toHaveBeenCalledWith('containers', ['x']);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(100);
    expect(emit).toHaveBeenCalledTimes(1);
  });

  it('dispose() cancels the pending notice', () => {
    const emit = vi.fn();
    const n = new ChangeNotifier(emit, 16);
    n.onEngineEvent(containerEvent('x'));
    n.onEngineEvent(containerEvent('y'));
    n.dispose();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(emit).not.toHaveBeenCalled();
    n.flush();
    expect(emit).not.toHaveBeenCalled();
  });
});
