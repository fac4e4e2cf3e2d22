import { describe, expect, it } from 'vitest';
import { emptyRunSpec, type ContainerSummary } from '../../../preload/contract/containers.contract';
import { BerthError } from '../../../preload/contract/errors';
import { createContainersStore } from '../../../renderer/src/stores/containers.store';
import { fakeApi } from '../helpers/fake-api';

const row = (id: string, over: Partial<ContainerSummary> = {}): ContainerSummary => ({
  id,
  name: `n-${id}`,
  image: 'img',
  imageId: 'sha256:1',
  command: 'sh',
  created: 1,
  state: 'running',
  status: 'Up',
  ports: [],
  labels: {},
  ...over,
});

describe('containers store: lifecycle actions', () => {
  it('passes the kill signal and the stop timeout only when given', async () => {
    const { api, call } = fakeApi(() => []);
    const store = createContainersStore(api);
    await store.getState().act('a', 'kill', { signal: 'SIGUSR1' });
    await store.getState().act('a', 'kill');
    await store.getState().act('a', 'stop', { timeoutSeconds: 3 });
    await store.getState().act('a', 'pause');
    await store.getState().act('a', 'unpause');
    const actions = call.mock.calls.filter((c) => c[0] !== 'containers.list');
    expect(actions).toEqual([
      ['containers.kill', { id: 'a', signal: 'SIGUSR1' }],
      ['containers.kill', { id: 'a' }],
      ['containers.stop', { id: 'a', timeoutSeconds: 3 }],
      ['containers.pause', { id: 'a' }],
      ['containers.unpause', { id: 'a' }],
    ]);
  });

  it('bulk: runs the action on each, collects failures without throwing, refreshes them', async () => {
    const { api, call } = fakeApi((name, input) => {
      if (name === 'containers.stop' && (input as { id: string }).id === 'b') throw new BerthError('conflict', 'nope');
      if (name === 'containers.list') return [row('a'), row('b'), row('c')];
      return undefined;
    });
    const store = createContainersStore(api);
    await store.getState().load();
    const r = await store.getState().bulk(['a', 'b', 'c'], 'stop');
    expect(r.done.sort()).toEqual(['a', 'c']);
    expect(r.failed).toEqual([{ id: 'b', name: 'n-b', action: 'stop', error: expect.any(BerthError) }]);
    expect(store.getState().lastBulk).toBe(r);
    expect(store.getState().busy).toEqual({});
    expect(call).toHaveBeenLastCalledWith('containers.list', { ids: ['a', 'b', 'c'] });
  });

  it('bulk: at most four at a time', async () => {
    let inFlight = 0;
    let max = 0;
    const { api } = fakeApi(async (name) => {
      if (name !== 'containers.start') return [];
      inFlight++;
      max = Math.max(max, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return undefined;
    });
    await createContainersStore(api)
      .getState()
      .bulk(
        Array.from({ length: 10 }, (_, i) => `c${i}`),
        'start',
      );
    expect(max).toBe(4);
  });

  it('selection: toggles, sets, clears, and forgets containers that went away', async () => {
    let rows = [row('a'), row('b')];
    const store = createContainersStore(fakeApi(() => rows).api);
    await store.getState().load();
    store.getState().toggleSelected('a');
    store.getState().toggleSelected('b');
    store.getState().toggleSelected('b');
    expect([...store.getState().selected]).toEqual(['a']);
    store.getState().setSelected(['a', 'b']);
    rows = [row('b')];
    await store.getState().refresh(['a']);
    expect([...store.getState().selected]).toEqual(['b']);
    store.getState().clearSelection();
    expect(store.getState().selected.size).toBe(0);
  });

  it('run and recreate pass the confirmed grants and refresh the rows', async () => {
    const { api, call } = fakeApi((name) =>
      name === 'containers.list' ? [] : { id: 'new', name: 'web', outcome: 'started', warnings: [] },
    );
    const store = createContainersStore(api);
    const spec = emptyRunSpec('img');
    await store.getState().run(spec, { confirmHostPower: ['privileged'] });
    await store.getState().run(spec, { start: false });
    await store.getState().recreate('old', spec, { start: true });
    expect(call.mock.calls.filter((c) => c[0] !== 'containers.list')).toEqual([
      ['containers.run', { spec, start: true, confirmHostPower: ['privileged'] }],
      ['containers.run', { spec, start: false, confirmHostPower: [] }],
      ['containers.recreate', { id: 'old', spec, start: true, confirmHostPower: [] }],
    ]);
    expect(call).toHaveBeenLastCalledWith('containers.list', { ids: ['old', 'new'] });
  });

  it('upload: sends the files in chunks, then commits them with their sizes', async () => {
    const { api, call } = fakeApi((name, input) =>
      name === 'containers.uploadChunk'
        ? { received: 0 }
        : { files: 2, bytes: (input as { files: unknown[] }).files.length },
    );
    const big = new Uint8Array(600 * 1024).fill(7);
    const small = new Uint8Array([1, 2, 3]);
    const progress: number[] = [];
    await createContainersStore(api)
      .getState()
      .upload(
        'c',
        '/tmp',
        [
          { path: 'a.bin', bytes: big },
          { path: 'b.txt', bytes: small },
        ],
        (sent) => progress.push(sent),
      );
    const chunks = call.mock.calls
      .filter((c) => c[0] === 'containers.uploadChunk')
      .map((c) => c[1] as { index: number; bytes: Uint8Array });
    expect(chunks.map((c) => c.index)).toEqual([0, 1]);
    expect(chunks.reduce((n, c) => n + c.bytes.byteLength, 0)).toBe(big.length + small.length);
    // Each chunk is its own buffer (a view would drag the whole upload through IPC each time).
    expect(chunks.every((c) => c.bytes.buffer.byteLength === c.bytes.byteLength)).toBe(true);
    expect(progress.at(-1)).toBe(big.length + small.length);
    const commit = call.mock.calls.find((c) => c[0] === 'containers.uploadCommit')?.[1] as Record<string, unknown>;
    expect(commit).toMatchObject({
      id: 'c',
      dir: '/tmp',
      files: [
        { path: 'a.bin', size: big.length },
        { path: 'b.txt', size: 3 },
      ],
    });
    expect(commit.uploadId).toBe((chunks[0] as unknown as { uploadId: string }).uploadId);
  });
});
