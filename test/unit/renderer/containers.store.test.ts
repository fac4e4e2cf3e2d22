import { describe, expect, it } from 'vitest';
import type { ContainerSummary } from '../../../preload/contract/containers.contract';
import { BerthError } from '../../../preload/contract/errors';
import { createContainersStore } from '../../../renderer/src/stores/containers.store';
import { deferred, fakeApi } from '../helpers/fake-api';

function row(id: string, over: Partial<ContainerSummary> = {}): ContainerSummary {
  return {
    id,
    name: `name-${id}`,
    image: 'alpine',
    imageId: 'sha256:1',
    command: 'sh',
    created: 1,
    state: 'running',
    status: 'Up',
    ports: [],
    labels: {},
    ...over,
  };
}

const ids = (m: Map<string, ContainerSummary>) => [...m.keys()].sort();

describe('createContainersStore', () => {
  it('starts idle and empty', () => {
    const store = createContainersStore(fakeApi(() => []).api);
    expect(store.getState()).toMatchObject({ status: 'idle', error: undefined, busy: {}, lastFailure: undefined });
    expect(store.getState().byId.size).toBe(0);
  });

  it('load() fills byId from containers.list and becomes ready', async () => {
    const { api, call } = fakeApi(() => [row('a'), row('b')]);
    const store = createContainersStore(api);
    const pending = store.getState().load();
    expect(store.getState().status).toBe('loading');
    await pending;
    expect(call).toHaveBeenCalledWith('containers.list', {});
    expect(store.getState().status).toBe('ready');
    expect(ids(store.getState().byId)).toEqual(['a', 'b']);
    expect(store.getState().byId.get('a')?.name).toBe('name-a');
  });

  it('a reload keeps the status ready (no flash of "loading") and replaces the map', async () => {
    let rows = [row('a')];
    const store = createContainersStore(fakeApi(() => rows).api);
    await store.getState().load();
    const first = store.getState().byId;
    rows = [row('b')];
    const pending = store.getState().load();
    expect(store.getState().status).toBe('ready');
    await pending;
    expect(store.getState().byId).not.toBe(first);
    expect(ids(store.getState().byId)).toEqual(['b']);
  });

  it('a failing load sets status error with the BerthError', async () => {
    const err = new BerthError('engine_unreachable', 'down');
    const store = createContainersStore(
      fakeApi(() => {
        throw err;
      }).api,
    );
    await store.getState().load();
    expect(store.getState().status).toBe('error');
    expect(store.getState().error).toBe(err);
  });

  it('wraps a non-BerthError load failure as internal', async () => {
    const store = createContainersStore(
      fakeApi(() => {
        throw new Error('weird');
      }).api,
    );
    await store.getState().load();
    expect(store.getState().error).toBeInstanceOf(BerthError);
    expect(store.getState().error?.code).toBe('internal');
  });

  it('an older load answering last does not overwrite a newer one', async () => {
    const first = deferred<ContainerSummary[]>();
    const second = deferred<ContainerSummary[]>();
    const answers = [first.promise, second.promise];
    const store = createContainersStore(fakeApi(() => answers.shift()).api);
    const p1 = store.getState().load();
    const p2 = store.getState().load();
    second.resolve([row('new')]);
    await p2;
    first.resolve([row('old')]);
    await p1;
    expect(ids(store.getState().byId)).toEqual(['new']);
  });

  it('refresh(ids) upserts returned rows and removes ids missing from the answer', async () => {
    const table = new Map([
      ['a', row('a', { status: 'Up 1s' })],
      ['b', row('b')],
      ['c', row('c')],
    ]);
    const { api, call } = fakeApi((name, input) => {
      if (name !== 'containers.list') throw new Error(name);
      const wanted = (input as { ids?: string[] }).ids;
      return [...table.values()].filter((r) => !wanted || wanted.includes(r.id));
    });
    const store = createContainersStore(api);
    await store.getState().load();
    const before = store.getState().byId;

    table.set('a', row('a', { status: 'Exited (0)', state: 'exited' }));
    table.delete('b');
    table.set('d', row('d'));
    await store.getState().refresh(['a', 'b', 'd']);

    expect(call).toHaveBeenLastCalledWith('containers.list', { ids: ['a', 'b', 'd'] });
    const after = store.getState().byId;
    expect(after).not.toBe(before); // a new Map, so selectors see the change
    expect(ids(after)).toEqual(['a', 'c', 'd']);
    expect(after.get('a')?.state).toBe('exited');
    expect(after.get('c')).toBe(before.get('c')); // untouched rows keep their identity
  });

  it('an older refresh answered after a newer one does not overwrite the row', async () => {
    const answers: ReturnType<typeof deferred<ContainerSummary[]>>[] = [];
    const { api } = fakeApi(() => {
      const d = deferred<ContainerSummary[]>();
      answers.push(d);
      return d.promise;
    });
    const store = createContainersStore(api);
    // Two change notices in a row (create, then start): the second answer arrives first.
    const first = store.getState().refresh(['a']);
    const second = store.getState().refresh(['a']);
    answers[1]!.resolve([row('a', { state: 'running', status: 'Up 1s' })]);
    await second;
    answers[0]!.resolve([row('a', { state: 'created', status: 'Created' })]);
    await first;
    expect(store.getState().byId.get('a')?.state).toBe('running');
    // …and an older answer that no longer has the id does not remove it either.
    const third = store.getState().refresh(['a']);
    const fourth = store.getState().refresh(['a']);
    answers[3]!.resolve([row('a', { state: 'exited', status: 'Exited (0)' })]);
    await fourth;
    answers[2]!.resolve([]);
    await third;
    expect(store.getState().byId.get('a')?.state).toBe('exited');
  });

  it('refresh([]) makes no call', async () => {
    const { api, call } = fakeApi(() => []);
    await createContainersStore(api).getState().refresh([]);
    expect(call).not.toHaveBeenCalled();
  });

  it('a failing refresh keeps the rows (the next reconnect re-lists)', async () => {
    let fail = false;
    const store = createContainersStore(
      fakeApi(() => {
        if (fail) throw new BerthError('engine_unreachable', 'gone');
        return [row('a')];
      }).api,
    );
    await store.getState().load();
    fail = true;
    await expect(store.getState().refresh(['a'])).resolves.toBeUndefined();
    expect(ids(store.getState().byId)).toEqual(['a']);
  });

  it('a refresh during the first load is deferred and applied after it', async () => {
    const firstList = deferred<ContainerSummary[]>();
    const { api, call } = fakeApi((_name, input) => {
      const wanted = (input as { ids?: string[] }).ids;
      if (!wanted) return firstList.promise;
      // By now 'x' changed and 'gone' was removed.
      return wanted.includes('x') ? [row('x', { state: 'exited' })] : [];
    });
    const store = createContainersStore(api);
    const loading = store.getState().load();

    await store.getState().refresh(['x', 'gone']);
    expect(call).toHaveBeenCalledTimes(1); // only the full list so far
    expect(store.getState().byId.size).toBe(0);

    // The list was taken before the change: 'x' running, 'gone' still there.
    firstList.resolve([row('x'), row('gone'), row('y')]);
    await loading;

    expect(call).toHaveBeenCalledTimes(2);
    expect(call).toHaveBeenLastCalledWith('containers.list', { ids: ['x', 'gone'] });
    expect(ids(store.getState().byId)).toEqual(['x', 'y']);
    expect(store.getState().byId.get('x')?.state).toBe('exited');
  });

  it('deferred ids are applied once only', async () => {
    const firstList = deferred<ContainerSummary[]>();
    let full = 0;
    const { api, call } = fakeApi((_n, input) => {
      if ((input as { ids?: string[] }).ids) return [];
      return full++ === 0 ? firstList.promise : [];
    });
    const store = createContainersStore(api);
    const loading = store.getState().load();
    await store.getState().refresh(['x']);
    firstList.resolve([]);
    await loading;
    await store.getState().load();
    const refreshCalls = call.mock.calls.filter((c) => (c[1] as { ids?: string[] }).ids);
    expect(refreshCalls).toEqual([['containers.list', { ids: ['x'] }]]);
  });

  // KNOWN BUG (reported): deferral only happens while status is 'loading'. A re-load (after a
  // reconnect) keeps status 'ready', so a refresh during it is applied at once and the older
  // full list, answering later, brings back a container the refresh had removed.
  it('a refresh during a RE-load is not undone by the older full list', async () => {
    const reload = deferred<ContainerSummary[]>();
    let fullLists = 0;
    const store = createContainersStore(
      fakeApi((_n, input) => {
        if ((input as { ids?: string[] }).ids) return []; // 'gone' no longer exists
        return fullLists++ === 0 ? [row('gone')] : reload.promise;
      }).api,
    );
    await store.getState().load();
    const reloading = store.getState().load();
    await store.getState().refresh(['gone']);
    reload.resolve([row('gone')]); // the list was taken before the removal
    await reloading;
    expect(store.getState().byId.has('gone')).toBe(false);
  });

  describe('act', () => {
    it("act('remove') calls containers.remove with force and removeVolumes false by default", async () => {
      const { api, call } = fakeApi(() => []);
      const store = createContainersStore(api);
      await store.getState().act('abc', 'remove');
      expect(call).toHaveBeenCalledWith('containers.remove', { id: 'abc', force: false, removeVolumes: false });
    });

    it("act('remove', {force, removeVolumes}) passes them on", async () => {
      const { api, call } = fakeApi(() => []);
      await createContainersStore(api).getState().act('abc', 'remove', { force: true, removeVolumes: true });
      expect(call).toHaveBeenCalledWith('containers.remove', { id: 'abc', force: true, removeVolumes: true });
    });

    it.each(['start', 'stop', 'restart'] as const)(
      "act('%s') calls containers.%s with the id, then refreshes that row",
      async (action) => {
        const { api, call } = fakeApi((name) => (name === 'containers.list' ? [row('abc')] : undefined));
        const store = createContainersStore(api);
        await store.getState().act('abc', action);
        expect(call.mock.calls).toEqual([
          [`containers.${action}`, { id: 'abc' }],
          ['containers.list', { ids: ['abc'] }],
        ]);
        expect(store.getState().byId.get('abc')).toBeDefined();
      },
    );

    it('marks the container busy while the action runs, and clears it after', async () => {
      const gate = deferred<undefined>();
      const store = createContainersStore(fakeApi((name) => (name === 'containers.stop' ? gate.promise : [])).api);
      const pending = store.getState().act('abc', 'stop');
      expect(store.getState().busy).toEqual({ abc: 'stop' });
      gate.resolve(undefined);
      await pending;
      expect(store.getState().busy).toEqual({});
    });

    it('a failing act sets lastFailure with the BerthError, rethrows it, and clears busy', async () => {
      const err = new BerthError('conflict', 'You cannot remove a running container');
      const { api } = fakeApi((name) => {
        if (name === 'containers.remove') throw err;
        return [row('abc123456789abcdef')];
      });
      const store = createContainersStore(api);
      await store.getState().load();
      await expect(store.getState().act('abc123456789abcdef', 'remove')).rejects.toBe(err);
      expect(store.getState().lastFailure).toEqual({
        id: 'abc123456789abcdef',
        name: 'name-abc123456789abcdef',
        action: 'remove',
        error: err,
      });
      expect(store.getState().busy).toEqual({});
      // The row is still there: the action failed.
      expect(store.getState().byId.has('abc123456789abcdef')).toBe(true);

      store.getState().dismissFailure();
      expect(store.getState().lastFailure).toBeUndefined();
    });

    it('names an unknown container by its short id, and wraps a non-BerthError', async () => {
      const store = createContainersStore(
        fakeApi(() => {
          throw new TypeError('boom');
        }).api,
      );
      await expect(store.getState().act('0123456789abcdef0123', 'start')).rejects.toBeInstanceOf(TypeError);
      const failure = store.getState().lastFailure;
      expect(failure?.name).toBe('0123456789ab');
      expect(failure?.error).toBeInstanceOf(BerthError);
      expect(failure?.error.code).toBe('internal');
    });

    it('keeps other containers busy while one finishes', async () => {
      const gates = { a: deferred<undefined>(), b: deferred<undefined>() };
      const store = createContainersStore(
        fakeApi((name, input) => {
          if (name === 'containers.start') return gates[(input as { id: 'a' | 'b' }).id].promise;
          return [];
        }).api,
      );
      const pa = store.getState().act('a', 'start');
      const pb = store.getState().act('b', 'start');
      expect(store.getState().busy).toEqual({ a: 'start', b: 'start' });
      gates.a.resolve(undefined);
      await pa;
      expect(store.getState().busy).toEqual({ b: 'start' });
      gates.b.resolve(undefined);
      await pb;
      expect(store.getState().busy).toEqual({});
    });
  });
});
