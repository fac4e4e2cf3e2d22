import { create } from 'zustand';
import type { BerthError } from '../../../preload/contract/errors';
import type { NetworkSummary } from '../../../preload/contract/networks.contract';
import type { ApiClient } from '../api/client';
import { keyedList, type LoadStatus } from './keyed-list';

export type { LoadStatus } from './keyed-list';

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

/** Networks by id, with their containers; refreshed by id from change notices. */
export function createNetworksStore(api: ApiClient, debounceMs = 250) {
  return create<NetworksState>()((set, get) => {
    const list = keyedList('byId', set, get, {
      key: (r: NetworkSummary) => r.id,
      list: (ids) => api.call('networks.list', ids ? { ids } : {}),
      accept: (id) => /^[a-f0-9]{1,64}$/.test(id),
      debounceMs,
    });
    return {
      byId: new Map(),
      status: 'idle',
      error: undefined,
      load: list.load,
      refresh: async (ids) => void (await list.refresh(ids)),
      containersChanged: list.reloadSoon,
      reset: list.reset,
    };
  });
}

export type NetworksStore = ReturnType<typeof createNetworksStore>;
