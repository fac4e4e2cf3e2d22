import { create } from 'zustand';
import type { ContainerSummary } from '../../../preload/contract/containers.contract';
import { BerthError } from '../../../preload/contract/errors';
import type { ApiClient } from '../api/client';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';
export type ContainerAction = 'start' | 'stop' | 'restart' | 'remove';

export interface ActionFailure {
  id: string;
  name: string;
  action: ContainerAction;
  error: BerthError;
}

interface ContainersState {
  byId: Map<string, ContainerSummary>;
  status: LoadStatus;
  error: BerthError | undefined;
  /** Actions in flight, by container id. */
  busy: Record<string, ContainerAction>;
  lastFailure: ActionFailure | undefined;
  load(): Promise<void>;
  refresh(ids: string[]): Promise<void>;
  act(id: string, action: ContainerAction, opts?: { force?: boolean; removeVolumes?: boolean }): Promise<void>;
  dismissFailure(): void;
}

const asBerthError = (e: unknown) => (e instanceof BerthError ? e : new BerthError('internal', String(e)));

/** Containers by id; rows refresh by id from change notices, the list re-loads on (re)connect. */
export function createContainersStore(api: ApiClient) {
  let loadSeq = 0;
  /** Ids named by change notices while a full load was in flight. */
  let deferred = new Set<string>();
  /** A full load is in flight (first load or re-load after a reconnect). */
  let loading = false;
  return create<ContainersState>()((set, get) => ({
    byId: new Map(),
    status: 'idle',
    error: undefined,
    busy: {},
    lastFailure: undefined,

    async load() {
      const seq = ++loadSeq;
      loading = true;
      set({ status: get().status === 'ready' ? 'ready' : 'loading' });
      try {
        const rows = await api.call('containers.list', {});
        if (seq !== loadSeq) return;
        loading = false;
        set({ byId: new Map(rows.map((r) => [r.id, r])), status: 'ready', error: undefined });
        const again = [...deferred];
        deferred = new Set();
        await get().refresh(again);
      } catch (e) {
        if (seq !== loadSeq) return;
        loading = false;
        set({ status: 'error', error: asBerthError(e) });
      }
    },

    async refresh(ids) {
      if (ids.length === 0) return;
      // A full load is in flight: it may or may not carry these changes, so refresh them after it.
      if (loading) {
        for (const id of ids) deferred.add(id);
        return;
      }
      try {
        const rows = await api.call('containers.list', { ids });
        const next = new Map(get().byId);
        const seen = new Set(rows.map((r) => r.id));
        for (const r of rows) next.set(r.id, r);
        for (const id of ids) if (!seen.has(id)) next.delete(id);
        set({ byId: next });
      } catch {
        // The engine went away: the next (re)connect re-lists everything.
      }
    },

    async act(id, action, opts = {}) {
      const row = get().byId.get(id);
      set({ busy: { ...get().busy, [id]: action } });
      try {
        if (action === 'remove') {
          await api.call('containers.remove', { id, force: !!opts.force, removeVolumes: !!opts.removeVolumes });
        } else {
          await api.call(`containers.${action}`, { id });
        }
        await get().refresh([id]);
      } catch (e) {
        set({ lastFailure: { id, name: row?.name ?? id.slice(0, 12), action, error: asBerthError(e) } });
        throw e;
      } finally {
        const { [id]: _done, ...rest } = get().busy;
        set({ busy: rest });
      }
    },

    dismissFailure: () => set({ lastFailure: undefined }),
  }));
}

export type ContainersStore = ReturnType<typeof createContainersStore>;
