import { type BerthError, asBerthError } from '../../../preload/contract/errors';
import { engineEpoch } from './engine.store';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

interface ListMeta {
  status: LoadStatus;
  error: BerthError | undefined;
}

/** The part of a store that this helper owns: the rows in field `F`, a status and the last load error. */
export type KeyedListState<F extends string, T> = { [P in F]: Map<string, T> } & ListMeta;

export interface KeyedListOptions<T> {
  /** A row's key (an id, or a volume's name). */
  key(row: T): string;
  /** The engine's rows: all of them, or only those with these keys (the others are gone). */
  list(keys?: string[]): Promise<T[]>;
  /** Keys worth asking about (change notices may name things the engine would refuse). */
  accept?(key: string): boolean;
  /** Delay of `reloadSoon`. */
  debounceMs?: number;
}

/**
 * Per key, the newest refresh that asked about it. Two change notices in a row (create, then start) each re-read
 * the row, and their answers may cross: the older answer must not overwrite the newer one.
 */
export function refreshTickets() {
  let seq = 0;
  const newest = new Map<string, number>();
  return {
    /** A ticket for these keys: `mine(k)` while no later refresh asked about k; `done()` when its answer is in. */
    take(keys: readonly string[]) {
      const t = ++seq;
      for (const k of keys) newest.set(k, t);
      return {
        mine: (k: string) => newest.get(k) === t,
        done: () => {
          for (const k of keys) if (newest.get(k) === t) newest.delete(k);
        },
      };
    },
  };
}

/** Most keys one refresh asks about; more than that is a burst the next full load covers. */
const MAX_REFRESH = 1000;

/**
 * The list logic that volumes and networks (and any store of engine objects by key) share: a full load that
 * ignores answers overtaken by a newer load, refreshes of a few keys from change notices (held back while a full
 * load is in flight, then replayed), and a debounced re-load for bursts of related changes. An answer asked for
 * before another engine became active is dropped (`engineEpoch`), and `reset` empties the list at the switch.
 */
export function keyedList<F extends string, T>(
  field: F,
  set: (patch: Partial<KeyedListState<F, T>> | Partial<ListMeta>) => void,
  get: () => KeyedListState<F, T>,
  o: KeyedListOptions<T>,
) {
  let loadSeq = 0;
  let deferred = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tickets = refreshTickets();
  const rows = (m: Map<string, T>) => ({ [field]: m }) as Partial<KeyedListState<F, T>>;

  /** Re-read these keys; true when the rows changed hands (false: held back, nothing to ask, or it failed). */
  const refresh = async (keys: string[]): Promise<boolean> => {
    if (keys.length === 0) return false;
    if (get().status === 'loading') {
      for (const k of keys) deferred.add(k);
      return false;
    }
    const wanted = (o.accept ? keys.filter(o.accept) : keys).slice(0, MAX_REFRESH);
    if (wanted.length === 0) return false;
    const epoch = engineEpoch();
    const ticket = tickets.take(wanted);
    try {
      const found = await o.list(wanted);
      if (epoch !== engineEpoch()) return false;
      const next = new Map(get()[field]);
      const seen = new Set(found.map(o.key));
      for (const r of found) if (ticket.mine(o.key(r))) next.set(o.key(r), r);
      for (const k of wanted) if (!seen.has(k) && ticket.mine(k)) next.delete(k);
      set(rows(next));
      return true;
    } catch {
      // The engine went away: the next (re)connect re-lists everything.
      return false;
    } finally {
      ticket.done();
    }
  };

  const load = async (): Promise<void> => {
    const seq = ++loadSeq;
    const epoch = engineEpoch();
    const stale = () => seq !== loadSeq || epoch !== engineEpoch();
    set({ status: get().status === 'ready' ? 'ready' : 'loading' });
    try {
      const all = await o.list();
      if (stale()) return;
      set({ ...rows(new Map(all.map((r) => [o.key(r), r]))), status: 'ready', error: undefined });
      const again = [...deferred];
      deferred = new Set();
      await refresh(again);
    } catch (e) {
      if (stale()) return;
      set({ status: 'error', error: asBerthError(e) });
    }
  };

  /** Many changes in a row (containers coming and going): one re-load after they settle, if loaded at all. */
  const reloadSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (get().status === 'ready') void load();
    }, o.debounceMs ?? 250);
  };

  /** Another engine became active: forget this one's rows at once; answers still on their way are dropped. */
  const reset = () => {
    loadSeq++;
    deferred = new Set();
    clearTimeout(timer);
    set({ ...rows(new Map()), status: 'loading', error: undefined });
  };

  return { load, refresh, reloadSoon, reset };
}
