import { create } from 'zustand';
import { BerthError } from '../../../preload/contract/errors';
import type { NetworkSummary } from '../../../preload/contract/networks.contract';
import type { ApiClient } from '../api/client';
import { engineEpoch } from './engine.store';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

interface NetworksState {
  byId: Map<string, NetworkSummary>;
  status: LoadStatus;
  error: BerthError | undefined;
  load(): Promise<void>;
  refresh(ids: string[]): Promise<void>;
  /** Another engine became active: forget this one's networks at once. */
  reset(): void;
  /** Containers changed (created, renamed, removed): who is on which network may have too. */
  containersChanged(): void;
}

const asBerthError = (e: unknown) => (e instanceof BerthError ? e : new BerthError('internal', String(e)));

/** Networks by id, with their containers; refreshed by id from change notices. */
export function createNetworksStore(api: ApiClient, debounceMs = 250) {
  let loadSeq = 0;
  let deferred = new Set<string>();
  let relTimer: ReturnType<typeof setTimeout> | undefined;
  return create<NetworksState>()((set, get) => ({
    byId: new Map(),
    status: 'idle',
    error: undefined,

    async load() {
      const seq = ++loadSeq;
      const epoch = engineEpoch();
      set({ status: get().status === 'ready' ? 'ready' : 'loading' });
      try {
        const rows = await api.call('networks.list', {});
        if (seq !== loadSeq || epoch !== engineEpoch()) return;
        set({ byId: new Map(rows.map((r) => [r.id, r])), status: 'ready', error: undefined });
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
      deferred = new Set();
      clearTimeout(relTimer);
      set({ byId: new Map(), status: 'loading', error: undefined });
    },

    async refresh(ids) {
      if (ids.length === 0) return;
      if (get().status === 'loading') {
        for (const id of ids) deferred.add(id);
        return;
      }
      const epoch = engineEpoch();
      try {
        const hex = ids.filter((id) => /^[a-f0-9]{1,64}$/.test(id)).slice(0, 1000);
        const rows = hex.length ? await api.call('networks.list', { ids: hex }) : [];
        if (epoch !== engineEpoch()) return;
        const next = new Map(get().byId);
        const seen = new Set(rows.map((r) => r.id));
        for (const r of rows) next.set(r.id, r);
        for (const id of hex) if (!seen.has(id)) next.delete(id);
        set({ byId: next });
      } catch {
        // The engine went away: the next (re)connect re-lists everything.
      }
    },

    containersChanged() {
      clearTimeout(relTimer);
      relTimer = setTimeout(() => {
        if (get().status === 'ready') void get().load();
      }, debounceMs);
    },
  }));
}

export type NetworksStore = ReturnType<typeof createNetworksStore>;
