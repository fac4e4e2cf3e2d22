import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BerthError } from '../../../preload/contract/errors';
import type { VolumeSummary } from '../../../preload/contract/volumes.contract';
import { createVolumesStore } from '../../../renderer/src/stores/volumes.store';
import { createNetworksStore } from '../../../renderer/src/stores/networks.store';
import { requestRunForm, useRunPrefill } from '../../../renderer/src/lib/run-prefill';
import { useNavigation } from '../../../renderer/src/stores/navigation.store';
import { fakeApi } from '../helpers/fake-api';

const v = (name: string): VolumeSummary => ({
  name,
  driver: 'local',
  mountpoint: '/m',
  scope: 'local',
  anonymous: false,
  labels: {},
  options: {},
  usedBy: [],
});

describe('volumes store', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('loads rows and sizes, refreshes by name, drops removed ones', async () => {
    let rows = [v('a'), v('b')];
    const { api, call } = fakeApi((name, input) => {
      if (name === 'volumes.usage') return [{ name: 'a', size: 10 }];
      const names = (input as { names?: string[] }).names;
      return names ? rows.filter((r) => names.includes(r.name)) : rows;
    });
    const s = createVolumesStore(api);
    await s.getState().load();
    expect([...s.getState().byName.keys()]).toEqual(['a', 'b']);
    expect(s.getState().status).toBe('ready');
    await vi.runAllTimersAsync();
    expect(s.getState().usage.get('a')?.size).toBe(10);
    rows = [v('a')];
    await s.getState().refresh(['b']);
    expect([...s.getState().byName.keys()]).toEqual(['a']);
    expect(call).toHaveBeenCalledWith('volumes.list', { names: ['b'] });
  });

  it('keeps the error of a failed load', async () => {
    const { api } = fakeApi(() => new BerthError('engine_unreachable', 'down'));
    const s = createVolumesStore(api);
    await s.getState().load();
    expect(s.getState().status).toBe('error');
    expect(s.getState().error?.code).toBe('engine_unreachable');
  });

  it('re-lists once after a burst of container changes (relations), not per event', async () => {
    const { api, call } = fakeApi((name) => (name === 'volumes.usage' ? [] : [v('a')]));
    const s = createVolumesStore(api, 100);
    await s.getState().load();
    call.mockClear();
    for (let i = 0; i < 50; i++) s.getState().containersChanged();
    await vi.advanceTimersByTimeAsync(99);
    expect(call).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(call.mock.calls.filter(([n]) => n === 'volumes.list')).toHaveLength(1);
  });
});

describe('networks store', () => {
  it('refreshes by id and ignores ids that are not hex', async () => {
    const net = (id: string) => ({ id, name: id, containers: [] });
    let rows = [net('aa'), net('bb')];
    const { api, call } = fakeApi((_n, input) => {
      const ids = (input as { ids?: string[] }).ids;
      return ids ? rows.filter((r) => ids.includes(r.id)) : rows;
    });
    const s = createNetworksStore(api);
    await s.getState().load();
    rows = [net('aa')];
    await s.getState().refresh(['bb', 'not-hex']);
    expect([...s.getState().byId.keys()]).toEqual(['aa']);
    expect(call).toHaveBeenLastCalledWith('networks.list', { ids: ['bb'] });
  });
});

describe('run form pre-fill', () => {
  it('stores the request, switches to the containers panel, and is taken once', () => {
    useNavigation.getState().setPanel('volumes');
    requestRunForm({ volumes: ['data:/data'] });
    expect(useNavigation.getState().panel).toBe('containers');
    expect(useRunPrefill.getState().request).toMatchObject({ volumes: ['data:/data'] });
    expect(useRunPrefill.getState().take()).toEqual({ volumes: ['data:/data'] });
    expect(useRunPrefill.getState().take()).toBeUndefined();
    requestRunForm({ volumesFrom: ['web'] });
    const seq1 = useRunPrefill.getState().request?.seq;
    requestRunForm({ volumesFrom: ['web'] });
    expect(useRunPrefill.getState().request?.seq).not.toBe(seq1);
  });
});
