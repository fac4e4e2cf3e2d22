import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChangeNotifier } from '../../../main/services/change-notifier';

describe('change notices for volumes and networks', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('coalesces volume events by name and network events by id, each under its own kind', () => {
    const emit = vi.fn();
    const n = new ChangeNotifier(emit, 16);
    for (const action of ['create', 'mount', 'unmount', 'destroy']) {
      n.onEngineEvent({ Type: 'volume', Action: action, Actor: { ID: 'data' } });
    }
    n.onEngineEvent({ Type: 'network', Action: 'connect', Actor: { ID: 'net1', Attributes: { container: 'c1' } } });
    n.onEngineEvent({ Type: 'network', Action: 'disconnect', Actor: { ID: 'net1' } });
    n.onEngineEvent({ Type: 'network', Action: 'destroy', Actor: { ID: 'net2' } });
    vi.advanceTimersByTime(16);
    const byKind = Object.fromEntries(emit.mock.calls.map(([kind, ids]) => [kind, [...(ids as string[])].sort()]));
    expect(byKind).toEqual({ volumes: ['data'], networks: ['net1', 'net2'] });
  });
});
