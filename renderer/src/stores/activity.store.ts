import { create } from 'zustand';
import { type BerthError, asBerthError } from '../../../preload/contract/errors';
import type { ActivityEntry } from '../../../preload/contract/system.contract';
import type { ApiClient } from '../api/client';

import type { LoadStatus } from './keyed-list';
export type { LoadStatus };

interface ActivityState {
  /**
   * The session's engine events, oldest first, keyed by seq (an append-only
   * log: an array in seq order is its natural index). Mirrors main's ring.
   */
  entries: ActivityEntry[];
  status: LoadStatus;
  error: BerthError | undefined;
  capacity: number;
  dropped: number;
  /** When main's session started (ms). */
  since: number | undefined;
  /** Entries with seq <= this are hidden by "Clear view" (the history itself is kept). */
  clearedThrough: number;
  /** Fetch what main has (everything the first time, what is new after a lost link). */
  load(): Promise<void>;
  /** Main's activity.appended. */
  append(entries: ActivityEntry[]): void;
  clearView(): void;
  restoreView(): void;
}

const lastSeq = (xs: ActivityEntry[]) => xs.at(-1)?.seq ?? 0;

/** Merge by seq, in order, without duplicates, bounded by capacity. */
export function mergeEntries(a: ActivityEntry[], b: ActivityEntry[], capacity: number): ActivityEntry[] {
  let out: ActivityEntry[];
  const last = lastSeq(a);
  if (b.every((e) => e.seq > last)) out = a.concat(b);
  else {
    const bySeq = new Map<number, ActivityEntry>();
    for (const e of a) bySeq.set(e.seq, e);
    for (const e of b) bySeq.set(e.seq, e);
    out = [...bySeq.values()].sort((x, y) => x.seq - y.seq);
  }
  return out.length > capacity ? out.slice(out.length - capacity) : out;
}

export function createActivityStore(api: ApiClient) {
  let loading: Promise<void> | undefined;
  return create<ActivityState>()((set, get) => ({
    entries: [],
    status: 'idle',
    error: undefined,
    capacity: 5000,
    dropped: 0,
    since: undefined,
    clearedThrough: 0,

    load() {
      loading ??= (async () => {
        set({ status: get().status === 'ready' ? 'ready' : 'loading' });
        try {
          const known = lastSeq(get().entries);
          // A new main (web server restarted) starts again at seq 1: then take it all.
          let h = await api.call('activity.history', known ? { afterSeq: known } : {});
          if (known && h.since !== get().since) h = await api.call('activity.history', {});
          const fresh = h.since !== get().since;
          set({
            entries: mergeEntries(fresh ? [] : get().entries, h.entries, h.capacity),
            capacity: h.capacity,
            dropped: h.dropped,
            since: h.since,
            status: 'ready',
            error: undefined,
            ...(fresh ? { clearedThrough: 0 } : {}),
          });
        } catch (e) {
          set({ status: 'error', error: asBerthError(e) });
        } finally {
          loading = undefined;
        }
      })();
      return loading;
    },

    append(entries) {
      if (entries.length === 0) return;
      const cur = get().entries;
      const dropped = get().dropped + Math.max(0, cur.length + entries.length - get().capacity);
      set({ entries: mergeEntries(cur, entries, get().capacity), dropped });
    },

    clearView: () => set({ clearedThrough: lastSeq(get().entries) }),
    restoreView: () => set({ clearedThrough: 0 }),
  }));
}

export type ActivityStore = ReturnType<typeof createActivityStore>;
