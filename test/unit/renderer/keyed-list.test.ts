import { describe, expect, it, vi } from 'vitest';
import { create } from 'zustand';
import { BerthError } from '../../../preload/contract/errors';
import { keyedList, type KeyedListState } from '../../../renderer/src/stores/keyed-list';

interface Row {
  id: string;
  v: number;
}
type State = KeyedListState<'byId', Row>;

/** A list call whose answers the test releases one by one. */
function gatedList() {
  const pending: { keys?: string[]; resolve(rows: Row[]): void; reject(e: unknown): void }[] = [];
  const list = vi.fn(
    (keys?: string[]) =>
      new Promise<Row[]>((resolve, reject) => {
        pending.push({ keys, resolve, reject });
      }),
  );
  return { list, pending };
}

function store(list: (keys?: string[]) => Promise<Row[]>, accept?: (k: string) => boolean) {
  let api!: ReturnType<typeof keyedList<'byId', Row>>;
  const s = create<State>()((set, get) => {
    api = keyedList('byId', set, get, { key: (r) => r.id, list, accept, debounceMs: 50 });
    return { byId: new Map(), status: 'idle', error: undefined };
  });
  return { s, api };
}

describe('keyedList', () => {
  it('holds refreshes back while a full load is in flight, then replays them', async () => {
    const { list, pending } = gatedList();
    const { s, api } = store(list);
    const loading = api.load();
    expect(s.getState().status).toBe('loading');
    expect(await api.refresh(['b'])).toBe(false);
    expect(list).toHaveBeenCalledTimes(1);
    pending[0]!.resolve([{ id: 'a', v: 1 }]);
    await vi.waitFor(() => expect(pending).toHaveLength(2));
    expect(pending[1]!.keys).toEqual(['b']);
    pending[1]!.resolve([{ id: 'b', v: 2 }]);
    await loading;
    expect([...s.getState().byId.keys()]).toEqual(['a', 'b']);
    expect(s.getState().status).toBe('ready');
  });

  it('ignores a load that a newer one overtook', async () => {
    const { list, pending } = gatedList();
    const { s, api } = store(list);
    const first = api.load();
    const second = api.load();
    pending[1]!.resolve([{ id: 'new', v: 1 }]);
    await second;
    pending[0]!.resolve([{ id: 'old', v: 1 }]);
    await first;
    expect([...s.getState().byId.keys()]).toEqual(['new']);
  });

  it('keeps the newer of two crossing refresh answers for a key, and still applies the other keys', async () => {
    const { list, pending } = gatedList();
    const { s, api } = store(list);
    const loading = api.load();
    pending[0]!.resolve([
      { id: 'a', v: 0 },
      { id: 'b', v: 0 },
    ]);
    await loading;
    const older = api.refresh(['a', 'b']); // asked first (say, on 'create')
    const newer = api.refresh(['a']); // asked next (on 'start')
    pending[2]!.resolve([{ id: 'a', v: 2 }]);
    await newer;
    pending[1]!.resolve([]); // the older answer lands last, and says 'a' and 'b' are gone
    await older;
    expect(s.getState().byId.get('a')?.v).toBe(2);
    expect(s.getState().byId.has('b')).toBe(false);
    // Once both answers are in, a later refresh of 'a' applies again.
    const again = api.refresh(['a']);
    pending[3]!.resolve([{ id: 'a', v: 3 }]);
    await again;
    expect(s.getState().byId.get('a')?.v).toBe(3);
  });

  it('drops rows the engine no longer has, asks only about accepted keys, keeps rows on failure', async () => {
    let rows: Row[] = [
      { id: 'aa', v: 1 },
      { id: 'bb', v: 1 },
    ];
    let fail = false;
    const list = vi.fn(async (keys?: string[]) => {
      if (fail) throw new BerthError('engine_unreachable', 'down');
      return keys ? rows.filter((r) => keys.includes(r.id)) : rows;
    });
    const { s, api } = store(list, (k) => /^[a-f]+$/.test(k));
    await api.load();
    rows = [{ id: 'aa', v: 2 }];
    expect(await api.refresh(['aa', 'bb', 'not-hex'])).toBe(true);
    expect(list).toHaveBeenLastCalledWith(['aa', 'bb']);
    expect(s.getState().byId.get('aa')?.v).toBe(2);
    expect(s.getState().byId.has('bb')).toBe(false);
    expect(await api.refresh(['not-hex'])).toBe(false);
    fail = true;
    expect(await api.refresh(['aa'])).toBe(false);
    expect(s.getState().byId.get('aa')?.v).toBe(2);
    await api.load();
    expect(s.getState().status).toBe('error');
    expect(s.getState().error?.code).toBe('engine_unreachable');
  });

  it('re-loads once after a burst, and only once loaded', async () => {
    vi.useFakeTimers();
    try {
      const list = vi.fn(async () => [] as Row[]);
      const { api } = store(list);
      api.reloadSoon();
      await vi.advanceTimersByTimeAsync(100);
      expect(list).not.toHaveBeenCalled(); // never loaded: nothing to keep fresh
      await api.load();
      list.mockClear();
      for (let i = 0; i < 20; i++) api.reloadSoon();
      await vi.advanceTimersByTimeAsync(100);
      expect(list).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
