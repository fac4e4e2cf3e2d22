import { create } from 'zustand';
import { isImageRef, type ImageSummary, type ImagesFrame } from '../../../preload/contract/images.contract';
import type { StreamInput, StreamName } from '../../../preload/contract/index';
import { type BerthError, asBerthError } from '../../../preload/contract/errors';
import type { ApiClient, StreamHandle } from '../api/client';
import { engineEpoch } from './engine.store';

import type { LoadStatus } from './keyed-list';
export type { LoadStatus };
export type TaskKind = 'pull' | 'push' | 'build' | 'save' | 'load' | 'import';
export type TaskStatus = 'running' | 'done' | 'failed' | 'cancelled';

type ProgressFrame = Extract<ImagesFrame, { t: 'progress' }>;
type BytesFrame = Extract<ImagesFrame, { t: 'bytes' }>;
type DoneFrame = Extract<ImagesFrame, { t: 'done' }>;

/** A long-running image operation (pull, push, build, save, load, import) and its latest progress. */
export interface ImageTask {
  id: string;
  kind: TaskKind;
  /** What it is about: a reference, a path. */
  title: string;
  command: string;
  status: TaskStatus;
  /** Only the newest snapshot: per-layer state and the total. */
  progress?: ProgressFrame;
  bytes?: BytesFrame;
  /** Build output (the last MAX_LOG characters). */
  log: string;
  result?: DoneFrame;
  error?: BerthError;
  started: number;
}

const MAX_LOG = 512 * 1024;

interface ImagesState {
  byId: Map<string, ImageSummary>;
  status: LoadStatus;
  error: BerthError | undefined;
  selectedId: string | undefined;
  tasks: ImageTask[];
  load(): Promise<void>;
  /**
   * A change notice (coalesced): re-read just the images it names (ids or references) when only those rows
   * change (a tag added or removed); re-list when an image came or went, since what images share changes then.
   * Without names: re-list.
   */
  refresh(refs?: string[]): void;
  /** Another engine became active: forget this one's images at once (tasks stay: they run on where they started). */
  reset(): void;
  select(id: string | undefined): void;
  /** Start a stream task; rejects (and starts nothing) when main refuses to open it. */
  startTask<K extends StreamName & `images.${TaskKind}`>(
    name: K,
    input: StreamInput<K>,
    title: string,
    command: string,
  ): Promise<string>;
  cancelTask(id: string): void;
  dismissTask(id: string): void;
}

/** Images by id; the list re-loads on (re)connect and on image change notices; tasks stream progress. */
export function createImagesStore(api: ApiClient, opts: { refreshDelayMs?: number } = {}) {
  let loadSeq = 0;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** Names from change notices not yet re-read; undefined: a full re-list is due instead. */
  let pendingRefs: Set<string> | undefined = new Set();
  /** Re-reads run one after another: two in flight could answer out of order and leave the older state. */
  let patching: Promise<void> = Promise.resolve();
  let taskSeq = 0;
  /** Stream handles live outside the store (never in zustand state). */
  const handles = new Map<string, StreamHandle>();
  const cancelled = new Set<string>();

  return create<ImagesState>()((set, get) => {
    const patchTask = (id: string, patch: (t: ImageTask) => Partial<ImageTask>) =>
      set({ tasks: get().tasks.map((t) => (t.id === id ? { ...t, ...patch(t) } : t)) });

    /** Re-read the named images; falls back to a full re-list when that would not be exact. */
    const patch = async (names: string[]) => {
      const refs = names.filter(isImageRef);
      if (get().status !== 'ready' || refs.length === 0 || refs.length > 1000) {
        if (refs.length > 0 || get().status !== 'ready') await get().load();
        return;
      }
      const seq = loadSeq;
      const epoch = engineEpoch();
      let rows: ImageSummary[];
      try {
        rows = await api.call('images.list', { refs });
      } catch {
        return; // the engine went away: the next (re)connect re-lists everything
      }
      // A full load started meanwhile (it has the newer state), or another engine became active.
      if (seq !== loadSeq || epoch !== engineEpoch()) return;
      const byId = get().byId;
      const seen = new Set(rows.map((r) => r.id));
      const came = rows.some((r) => !byId.has(r.id));
      const went = refs.some((r) => FULL_ID.test(r) && byId.has(fullImageId(r)) && !seen.has(fullImageId(r)));
      if (came || went) {
        await get().load();
        return;
      }
      const next = new Map(byId);
      for (const r of rows) next.set(r.id, r);
      set({ byId: next });
    };

    return {
      byId: new Map(),
      status: 'idle',
      error: undefined,
      selectedId: undefined,
      tasks: [],

      async load() {
        const seq = ++loadSeq;
        const epoch = engineEpoch();
        set({ status: get().status === 'ready' ? 'ready' : 'loading' });
        try {
          const rows = await api.call('images.list', {});
          if (seq !== loadSeq || epoch !== engineEpoch()) return;
          const byId = new Map(rows.map((r) => [r.id, r]));
          const selectedId = get().selectedId;
          set({
            byId,
            status: 'ready',
            error: undefined,
            ...(selectedId && !byId.has(selectedId) ? { selectedId: undefined } : {}),
          });
        } catch (e) {
          if (seq !== loadSeq || epoch !== engineEpoch()) return;
          set({ status: 'error', error: asBerthError(e) });
        }
      },

      reset() {
        loadSeq++;
        clearTimeout(refreshTimer);
        pendingRefs = new Set();
        set({ byId: new Map(), status: 'loading', error: undefined, selectedId: undefined });
      },

      refresh(refs) {
        if (!refs || !pendingRefs) pendingRefs = undefined;
        else for (const r of refs) pendingRefs.add(r);
        clearTimeout(refreshTimer);
        refreshTimer = setTimeout(() => {
          const names = pendingRefs;
          pendingRefs = new Set();
          patching = patching.then(() => (names ? patch([...names]) : get().load()));
        }, opts.refreshDelayMs ?? 120);
      },

      select: (id) => set({ selectedId: id }),

      async startTask(name, input, title, command) {
        const id = `task-${++taskSeq}`;
        const kind = name.slice('images.'.length) as TaskKind;
        const task: ImageTask = { id, kind, title, command, status: 'running', log: '', started: Date.now() };
        set({ tasks: [task, ...get().tasks] });
        try {
          const handle = await api.stream(name, input, {
            onFrames(frames) {
              let progress: ProgressFrame | undefined;
              let bytes: BytesFrame | undefined;
              let result: DoneFrame | undefined;
              let text = '';
              for (const f of frames) {
                if (f.t === 'progress') progress = f;
                else if (f.t === 'bytes') bytes = f;
                else if (f.t === 'log') text += f.text;
                else if (f.t === 'done') result = f;
              }
              patchTask(id, (t) => ({
                ...(progress ? { progress } : {}),
                ...(bytes ? { bytes } : {}),
                ...(result ? { result } : {}),
                ...(text ? { log: (t.log + text).slice(-MAX_LOG) } : {}),
              }));
            },
            onEnd(error) {
              handles.delete(id);
              const wasCancelled = cancelled.delete(id) || error?.code === 'cancelled';
              patchTask(id, () =>
                wasCancelled ? { status: 'cancelled' } : error ? { status: 'failed', error } : { status: 'done' },
              );
              void get()
                .load()
                .then(() => {
                  const t = get().tasks.find((x) => x.id === id);
                  const newId = t?.status === 'done' ? t.result?.imageId : undefined;
                  if (newId && get().byId.has(newId)) set({ selectedId: newId });
                });
            },
          });
          // It may have ended while opening (a fast load): only keep a handle that is still live.
          if (get().tasks.find((t) => t.id === id)?.status === 'running') handles.set(id, handle);
          return id;
        } catch (e) {
          set({ tasks: get().tasks.filter((t) => t.id !== id) });
          throw asBerthError(e);
        }
      },

      cancelTask(id) {
        const h = handles.get(id);
        if (!h) return;
        cancelled.add(id);
        h.close();
      },

      dismissTask(id) {
        get().cancelTask(id);
        set({ tasks: get().tasks.filter((t) => t.id !== id) });
      },
    };
  });
}

export type ImagesStore = ReturnType<typeof createImagesStore>;

// ---------------------------------------------------------------------------
// Rows: one per repository:tag, as `docker images` prints them
// ---------------------------------------------------------------------------

export type ImagesShow = 'all' | 'dangling' | 'unused';
export type ImagesSort = 'created' | 'size' | 'name';

export interface ImageRow {
  key: string;
  image: ImageSummary;
  /** `<none>` when untagged (and without a digest). */
  repository: string;
  tag: string;
  /** repository:tag for tagged rows. */
  ref: string | undefined;
}

/**
 * The image a name points at: its id (with or without `sha256:`, or a unique prefix of 4+ characters as the
 * CLI takes), one of its tags (`busybox` meaning `busybox:latest`), or one of its digests.
 */
export function findImage(byId: ReadonlyMap<string, ImageSummary>, name: string): ImageSummary | undefined {
  const n = name.trim();
  if (!n) return undefined;
  const exact = byId.get(n) ?? byId.get(`sha256:${n}`);
  if (exact) return exact;
  const tagged = splitTag(n).join(':');
  for (const img of byId.values()) {
    if (img.tags.includes(n) || img.tags.includes(tagged) || img.digests.includes(n)) return img;
  }
  const hex = n.replace(/^sha256:/, '');
  if (/^[a-f0-9]{4,63}$/.test(hex)) {
    const hits = [...byId.values()].filter((img) => img.id.replace(/^sha256:/, '').startsWith(hex));
    if (hits.length === 1) return hits[0];
  }
  return undefined;
}

/** `repo:tag` → [repo, tag] (the tag is after the last colon that follows the last slash). */
export function splitTag(ref: string): [string, string] {
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? [ref.slice(0, colon), ref.slice(colon + 1)] : [ref, 'latest'];
}

export const isDangling = (img: ImageSummary) => img.tags.length === 0 && img.digests.length === 0;

/** What the table shows: filtered, one row per tag (or one `<none>` row), sorted. */
/** How many rows `docker images` prints for these images: one per tag, one for an untagged image. */
export function imageRowCount(byId: Map<string, ImageSummary>): number {
  let n = 0;
  for (const image of byId.values()) n += Math.max(1, image.tags.length);
  return n;
}

export function imageRows(
  byId: Map<string, ImageSummary>,
  o: { filter: string; show: ImagesShow; sort: ImagesSort; usedBy: (id: string) => number },
): ImageRow[] {
  const q = o.filter.trim().toLowerCase();
  const rows: ImageRow[] = [];
  for (const image of byId.values()) {
    if (o.show === 'dangling' && !isDangling(image)) continue;
    if (o.show === 'unused' && o.usedBy(image.id) > 0) continue;
    const list: ImageRow[] = [];
    if (image.tags.length) {
      for (const t of image.tags) {
        const [repository, tag] = splitTag(t);
        list.push({ key: `${image.id}|${t}`, image, repository, tag, ref: t });
      }
    } else {
      const repository = image.digests[0]?.split('@')[0] ?? '<none>';
      list.push({ key: `${image.id}|`, image, repository, tag: '<none>', ref: undefined });
    }
    for (const r of list) {
      if (
        q &&
        !`${r.repository}:${r.tag}`.toLowerCase().includes(q) &&
        !image.id.replace('sha256:', '').startsWith(q)
      ) {
        continue;
      }
      rows.push(r);
    }
  }
  const cmp: Record<ImagesSort, (a: ImageRow, b: ImageRow) => number> = {
    created: (a, b) => b.image.created - a.image.created || a.key.localeCompare(b.key),
    size: (a, b) => b.image.size - a.image.size || a.key.localeCompare(b.key),
    name: (a, b) =>
      (a.repository === '<none>' ? 1 : 0) - (b.repository === '<none>' ? 1 : 0) ||
      a.repository.localeCompare(b.repository) ||
      a.tag.localeCompare(b.tag),
  };
  return rows.sort(cmp[o.sort]);
}

export const shortImageId = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);

/** A full image id, as events name deleted images. */
const FULL_ID = /^(?:sha256:)?[a-f0-9]{64}$/;
/** `sha256:<hex>` as the engine lists ids, from an id with or without its algorithm. */
const fullImageId = (id: string) => (id.startsWith('sha256:') ? id : `sha256:${id}`);
