import { create } from 'zustand';
import { BerthError } from '../../../preload/contract/errors';
import type { VolumeSummary, VolumeUsage } from '../../../preload/contract/volumes.contract';
import type { ApiClient } from '../api/client';
import { engineEpoch } from './engine.store';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

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

const asBerthError = (e: unknown) => (e instanceof BerthError ? e : new BerthError('internal', String(e)));

/** Volumes by name; rows refresh by name from change notices, the list re-loads on (re)connect. */
export function createVolumesStore(api: ApiClient, debounceMs = 250) {
  let loadSeq = 0;
  let usageSeq = 0;
  let deferred = new Set<string>();
  let relTimer: ReturnType<typeof setTimeout> | undefined;
  let usageTimer: ReturnType<typeof setTimeout> | undefined;
  return create<VolumesState>()((set, get) => {
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
        const seq = ++loadSeq;
        const epoch = engineEpoch();
        set({ status: get().status === 'ready' ? 'ready' : 'loading' });
        if (usage) void get().loadUsage();
        try {
          const rows = await api.call('volumes.list', {});
          if (seq !== loadSeq || epoch !== engineEpoch()) return;
          set({ byName: new Map(rows.map((r) => [r.name, r])), status: 'ready', error: undefined });
          const again = [...deferred];
          deferred = new Set();
          await get().refresh(again);
        } catch (e) {
          if (seq !== loadSeq || epoch !== engineEpoch()) return;
          set({ status: 'error', error: asBerthError(e) });
        }
      },

      reset() {
        loadSeq++;
        usageSeq++;
        deferred = new Set();
        clearTimeout(relTimer);
        clearTimeout(usageTimer);
        set({ byName: new Map(), usage: new Map(), status: 'loading', usageStatus: 'idle', error: undefined });
      },

      async refresh(names) {
        if (names.length === 0) return;
        if (get().status === 'loading') {
          for (const n of names) deferred.add(n);
          return;
        }
        const epoch = engineEpoch();
        try {
          const rows = await api.call('volumes.list', { names: names.slice(0, 1000) });
          if (epoch !== engineEpoch()) return;
          const next = new Map(get().byName);
          const seen = new Set(rows.map((r) => r.name));
          for (const r of rows) next.set(r.name, r);
          for (const n of names) if (!seen.has(n)) next.delete(n);
          set({ byName: next });
          usageSoon();
        } catch {
          // The engine went away: the next (re)connect re-lists everything.
        }
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

      containersChanged() {
        clearTimeout(relTimer);
        relTimer = setTimeout(() => {
          // Relations only: disk usage (the slow call) follows volume changes, not container ones.
          if (get().status === 'ready') void get().load({ usage: false });
        }, debounceMs);
      },
    };
  });
}

export type VolumesStore = ReturnType<typeof createVolumesStore>;
