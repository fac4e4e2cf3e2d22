import { create } from 'zustand';
import type {
  ContainerSummary,
  DirListing,
  FileChange,
  FileDownload,
  ImageHints,
  KILL_SIGNALS,
  ProcessList,
  PruneResult,
  RunOptions,
  RunOutcome,
  RunSpec,
  SpecFromContainer,
} from '../../../preload/contract/containers.contract';
import { FILES_UPLOAD_CHUNK } from '../../../preload/contract/containers.contract';
import { asBerthError, type BerthError } from '../../../preload/contract/errors';
import type { ApiClient } from '../api/client';
import { engineEpoch } from './engine.store';
import { refreshTickets, type LoadStatus } from './keyed-list';

export type { LoadStatus };
export type ContainerAction = 'start' | 'stop' | 'restart' | 'remove' | 'pause' | 'unpause' | 'kill';
export type KillSignal = (typeof KILL_SIGNALS)[number];

export interface ActionOptions {
  /** remove */
  force?: boolean;
  removeVolumes?: boolean;
  /** stop, restart */
  timeoutSeconds?: number;
  /** kill */
  signal?: KillSignal;
}

export interface ActionFailure {
  id: string;
  name: string;
  action: ContainerAction;
  error: BerthError;
}

/** What a bulk action did: every container it was asked about is either done or failed. */
export interface BulkResult {
  action: ContainerAction;
  done: string[];
  failed: ActionFailure[];
}

interface ContainersState {
  byId: Map<string, ContainerSummary>;
  status: LoadStatus;
  error: BerthError | undefined;
  /** Actions in flight, by container id. */
  busy: Record<string, ContainerAction>;
  lastFailure: ActionFailure | undefined;
  /** Rows ticked for a bulk action. */
  selected: ReadonlySet<string>;
  /** The last bulk action's outcome (shown until dismissed). */
  lastBulk: BulkResult | undefined;
  load(): Promise<void>;
  refresh(ids: string[]): Promise<void>;
  /** Another engine became active: forget this one's containers at once (the new list follows). */
  reset(): void;
  act(id: string, action: ContainerAction, opts?: ActionOptions): Promise<void>;
  /** The same action on many containers (at most 4 at a time); failures are collected, not thrown. */
  bulk(ids: string[], action: ContainerAction, opts?: ActionOptions): Promise<BulkResult>;
  rename(id: string, name: string): Promise<void>;
  /** `docker run` / `docker create`: the outcome, or a BerthError with field issues. */
  run(spec: RunSpec, opts?: { start?: boolean; confirmHostPower?: string[] }): Promise<RunOutcome>;
  recreate(id: string, spec: RunSpec, opts?: { start?: boolean; confirmHostPower?: string[] }): Promise<RunOutcome>;
  prunePreview(): Promise<ContainerSummary[]>;
  prune(ids: string[]): Promise<PruneResult>;
  // Reads and details, passed through to main (components never hold the client).
  runSpec(id: string): Promise<SpecFromContainer>;
  runOptions(): Promise<RunOptions>;
  imageHints(image: string): Promise<ImageHints>;
  hostPower(spec: RunSpec): Promise<string[]>;
  inspect(id: string): Promise<Record<string, unknown>>;
  top(id: string): Promise<ProcessList>;
  changes(id: string): Promise<FileChange[]>;
  listFiles(id: string, path: string): Promise<DirListing>;
  download(id: string, path: string): Promise<FileDownload>;
  /** `docker cp` into folder `dir`, in chunks; `onProgress` gets bytes sent so far. */
  upload(
    id: string,
    dir: string,
    files: { path: string; bytes: Uint8Array }[],
    onProgress?: (sent: number, total: number) => void,
  ): Promise<{ files: number; bytes: number }>;
  commit(
    id: string,
    o: { repo: string; tag: string; message: string; author: string; pause: boolean },
  ): Promise<{ imageId: string }>;
  toggleSelected(id: string): void;
  setSelected(ids: Iterable<string>): void;
  clearSelection(): void;
  dismissFailure(): void;
  dismissBulk(): void;
}

const BULK_CONCURRENCY = 4;

/** Containers by id; rows refresh by id from change notices, the list re-loads on (re)connect. */
export function createContainersStore(api: ApiClient) {
  let loadSeq = 0;
  const tickets = refreshTickets();
  /** Ids named by change notices while a full load was in flight. */
  let deferred = new Set<string>();
  /** A full load is in flight (first load or re-load after a reconnect). */
  let loading = false;

  const callAction = (id: string, action: ContainerAction, opts: ActionOptions) => {
    switch (action) {
      case 'remove':
        return api.call('containers.remove', { id, force: !!opts.force, removeVolumes: !!opts.removeVolumes });
      case 'stop':
      case 'restart':
        return api.call(
          `containers.${action}`,
          opts.timeoutSeconds === undefined ? { id } : { id, timeoutSeconds: opts.timeoutSeconds },
        );
      case 'kill':
        return api.call('containers.kill', opts.signal ? { id, signal: opts.signal } : { id });
      default:
        return api.call(`containers.${action}`, { id });
    }
  };

  return create<ContainersState>()((set, get) => ({
    byId: new Map(),
    status: 'idle',
    error: undefined,
    busy: {},
    lastFailure: undefined,
    selected: new Set(),
    lastBulk: undefined,

    async load() {
      const seq = ++loadSeq;
      const epoch = engineEpoch();
      loading = true;
      set({ status: get().status === 'ready' ? 'ready' : 'loading' });
      try {
        const rows = await api.call('containers.list', {});
        if (seq !== loadSeq) return;
        if (epoch !== engineEpoch()) {
          // Asked of an engine that is no longer the one shown: the next load is for the new one.
          loading = false;
          return;
        }
        loading = false;
        const byId = new Map(rows.map((r) => [r.id, r]));
        const selected = new Set([...get().selected].filter((id) => byId.has(id)));
        set({ byId, status: 'ready', error: undefined, selected });
        const again = [...deferred];
        deferred = new Set();
        await get().refresh(again);
      } catch (e) {
        if (seq !== loadSeq) return;
        loading = false;
        if (epoch !== engineEpoch()) return;
        set({ status: 'error', error: asBerthError(e) });
      }
    },

    reset() {
      loadSeq++;
      loading = false;
      deferred = new Set();
      set({ byId: new Map(), status: 'loading', error: undefined, busy: {}, selected: new Set(), lastBulk: undefined });
    },

    async refresh(ids) {
      if (ids.length === 0) return;
      // A full load is in flight: it may or may not carry these changes, so refresh them after it.
      if (loading) {
        for (const id of ids) deferred.add(id);
        return;
      }
      const epoch = engineEpoch();
      const { mine, done } = tickets.take(ids);
      try {
        const rows = await api.call('containers.list', { ids });
        if (epoch !== engineEpoch()) return;
        // Only the ids no later refresh asked about again (answers may cross; the older one would leave a stale row).
        const next = new Map(get().byId);
        const seen = new Set(rows.map((r) => r.id));
        for (const r of rows) if (mine(r.id)) next.set(r.id, r);
        const gone = ids.filter((id) => !seen.has(id) && mine(id));
        for (const id of gone) next.delete(id);
        const selected = get().selected;
        if (gone.some((id) => selected.has(id))) {
          set({ byId: next, selected: new Set([...selected].filter((id) => next.has(id))) });
        } else set({ byId: next });
      } catch {
        // The engine went away: the next (re)connect re-lists everything.
      } finally {
        done();
      }
    },

    async act(id, action, opts = {}) {
      const row = get().byId.get(id);
      set({ busy: { ...get().busy, [id]: action } });
      try {
        await callAction(id, action, opts);
        await get().refresh([id]);
      } catch (e) {
        set({ lastFailure: { id, name: row?.name ?? id.slice(0, 12), action, error: asBerthError(e) } });
        throw e;
      } finally {
        const { [id]: _done, ...rest } = get().busy;
        set({ busy: rest });
      }
    },

    async bulk(ids, action, opts = {}) {
      const result: BulkResult = { action, done: [], failed: [] };
      const queue = [...ids];
      const worker = async () => {
        for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
          const name = get().byId.get(id)?.name ?? id.slice(0, 12);
          set({ busy: { ...get().busy, [id]: action } });
          try {
            await callAction(id, action, opts);
            result.done.push(id);
          } catch (e) {
            result.failed.push({ id, name, action, error: asBerthError(e) });
          } finally {
            const { [id]: _done, ...rest } = get().busy;
            set({ busy: rest });
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(BULK_CONCURRENCY, ids.length) }, worker));
      await get().refresh(ids);
      set({ lastBulk: result });
      return result;
    },

    async rename(id, name) {
      await api.call('containers.rename', { id, name });
      await get().refresh([id]);
    },

    async run(spec, opts = {}) {
      const outcome = await api.call('containers.run', {
        spec,
        start: opts.start ?? true,
        confirmHostPower: opts.confirmHostPower ?? [],
      });
      await get().refresh([outcome.id]);
      return outcome;
    },

    async recreate(id, spec, opts = {}) {
      const outcome = await api.call('containers.recreate', {
        id,
        spec,
        ...(opts.start !== undefined ? { start: opts.start } : {}),
        confirmHostPower: opts.confirmHostPower ?? [],
      });
      await get().refresh([id, outcome.id]);
      return outcome;
    },

    async prunePreview() {
      return (await api.call('containers.prunePreview', {})).containers;
    },

    async prune(ids) {
      const result = await api.call('containers.prune', { ids });
      await get().refresh(ids);
      return result;
    },

    runSpec: (id) => api.call('containers.runSpec', { id }),
    runOptions: () => api.call('containers.runOptions', {}),
    imageHints: (image) => api.call('containers.imageHints', { image }),
    hostPower: (spec) => api.call('containers.hostPower', { spec }),
    inspect: (id) => api.call('containers.inspect', { id }),
    top: (id) => api.call('containers.top', { id }),
    changes: (id) => api.call('containers.changes', { id }),
    listFiles: (id, path) => api.call('containers.listFiles', { id, path }),
    download: (id, path) => api.call('containers.download', { id, path }),

    async upload(id, dir, files, onProgress) {
      const total = files.reduce((n, f) => n + f.bytes.byteLength, 0);
      const all = new Uint8Array(total);
      let at = 0;
      for (const f of files) {
        all.set(f.bytes, at);
        at += f.bytes.byteLength;
      }
      const uploadId = `up-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
      for (let i = 0, k = 0; i < total || (i === 0 && k === 0); i += FILES_UPLOAD_CHUNK, k++) {
        await api.call('containers.uploadChunk', {
          uploadId,
          index: k,
          bytes: all.slice(i, i + FILES_UPLOAD_CHUNK),
        });
        onProgress?.(Math.min(total, i + FILES_UPLOAD_CHUNK), total);
      }
      return api.call('containers.uploadCommit', {
        uploadId,
        id,
        dir,
        files: files.map((f) => ({ path: f.path, size: f.bytes.byteLength })),
      });
    },

    commit: (id, o) => api.call('containers.commit', { id, ...o }),

    toggleSelected(id) {
      const next = new Set(get().selected);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      set({ selected: next });
    },
    setSelected: (ids) => set({ selected: new Set(ids) }),
    clearSelection: () => set({ selected: new Set() }),
    dismissFailure: () => set({ lastFailure: undefined }),
    dismissBulk: () => set({ lastBulk: undefined }),
  }));
}

export type ContainersStore = ReturnType<typeof createContainersStore>;
