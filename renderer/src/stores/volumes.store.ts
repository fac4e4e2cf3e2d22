import { create } from 'zustand';
import type { BerthError } from '../../../preload/contract/errors';
import type { VolumeSummary, VolumeUsage } from '../../../preload/contract/volumes.contract';
import type { ApiClient } from '../api/client';
import { engineEpoch } from './engine.store';
import { keyedList, type LoadStatus } from './keyed-list';

export type { LoadStatus } from './keyed-list';

interface VolumesState {
  /** Volumes by name (a volume's name is its id). */
  byName: Map<string, VolumeSummary>;
  /** Sizes from the engine's disk-usage data, by name (loaded separately: it is slower). */
  usage: Map<string, VolumeUsage>;
  status: LoadStatus;
  usageStatus: LoadStatus;
  error: BerthError | undefined;
  /** Re-list (and, unless told otherwise, re-read the sizes). */
  load(opts?: { usage?: boolean }): Promise<void>;
  refresh(names: string[]): Promise<void>;
  loadUsage(): Promise<void>;
  /** Another engine became active: forget this one's volumes at once. */
  reset(): void;
  /** Containers changed: which volumes they use may have changed too (debounced re-list). */
  containersChanged(): void;
}

/** Volumes by name; rows refresh by name from change notices, the list re-loads on (re)connect. */
export function createVolumesStore(api: ApiClient, debounceMs = 250) {
  let usageSeq = 0;
  let usageTimer: ReturnType<typeof setTimeout> | undefined;
  return create<VolumesState>()((set, get) => {
    const list = keyedList('byName', set, get, {
      key: (r: VolumeSummary) => r.name,
      list: (names) => api.call('volumes.list', names ? { names } : {}),
      debounceMs,
    });
    /** Sizes change with writes we hear nothing about: refresh them lazily after changes. */
    const usageSoon = () => {
      clearTimeout(usageTimer);
      usageTimer = setTimeout(() => void get().loadUsage(), debounceMs * 4);
    };
    return {
      byName: new Map(),
      usage: new Map(),
      status: 'idle',
      usageStatus: 'idle',
      error: undefined,

      async load({ usage = true } = {}) {
        if (usage) void get().loadUsage();
        await list.load();
      },

      reset() {
        list.reset();
        usageSeq++;
        clearTimeout(usageTimer);
        set({ usage: new Map(), usageStatus: 'idle' });
      },

      async refresh(names) {
        if (await list.refresh(names)) usageSoon();
      },

      async loadUsage() {
        const seq = ++usageSeq;
        const epoch = engineEpoch();
        set({ usageStatus: get().usageStatus === 'ready' ? 'ready' : 'loading' });
        try {
          const rows = await api.call('volumes.usage', {});
          if (seq !== usageSeq || epoch !== engineEpoch()) return;
          set({ usage: new Map(rows.map((r) => [r.name, r])), usageStatus: 'ready' });
        } catch {
          if (seq !== usageSeq) return;
          set({ usageStatus: 'error' });
        }
      },

      // Relations only: disk usage (the slow call) follows volume changes, not container ones.
      containersChanged: list.reloadSoon,
    };
  });
}

export type VolumesStore = ReturnType<typeof createVolumesStore>;
