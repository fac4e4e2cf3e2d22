import { describe, expect, it, vi } from 'vitest';
import type { ImageSummary, ImagesFrame } from '../../../preload/contract/images.contract';
import { BerthError } from '../../../preload/contract/errors';
import type { ApiClient, StreamCallbacks, StreamHandle } from '../../../renderer/src/api/client';
import { imageCommands } from '../../../renderer/src/lib/images-commands';
import { parseBuildArgs, splitTags } from '../../../renderer/src/images/build-args';
import { createImagesStore, imageRowCount, imageRows, splitTag } from '../../../renderer/src/stores/images.store';

function img(id: string, over: Partial<ImageSummary> = {}): ImageSummary {
  return {
    id: `sha256:${id.padEnd(64, '0')}`,
    parentId: '',
    tags: [],
    digests: [],
    created: 1,
    size: 10,
    sharedSize: 0,
    uniqueSize: 10,
    containers: 0,
    layers: 1,
    labels: {},
    ...over,
  };
}

describe('image commands', () => {
  it('reads like the CLI, colons unescaped, passwords never', () => {
    expect(imageCommands.pull('mysql:5.7')).toBe('docker pull mysql:5.7');
    expect(imageCommands.pull('mysql:5.7', '')).toBe('docker pull mysql:5.7');
    expect(imageCommands.pull('a@sha256:ab', 'linux/arm64')).toBe('docker pull --platform linux/arm64 a@sha256:ab');
    expect(imageCommands.remove(['a:1', 'b:2'], { force: true })).toBe('docker rmi -f a:1 b:2');
    expect(imageCommands.prune(true)).toBe('docker image prune -a');
    expect(imageCommands.list('dangling')).toBe('docker images --filter dangling=true');
    expect(
      imageCommands.build({
        contextPath: '/src/my app',
        dockerfile: 'docker/Dockerfile',
        tags: ['a:1', 'b'],
        buildArgs: { A: '1', B: 'two words' },
        target: 'base',
        noCache: true,
        pull: true,
      }),
    ).toBe(
      "docker build -f docker/Dockerfile -t a:1 -t b --build-arg A=1 --build-arg 'B=two words' --target base --no-cache --pull '/src/my app'",
    );
    expect(imageCommands.import('/r.tar', { ref: 'x:1', changes: ['CMD ["sh"]'], message: 'm' })).toBe(
      `docker import -c 'CMD ["sh"]' -m m /r.tar x:1`,
    );
    expect(imageCommands.login('127.0.0.1:5000', 'me')).toBe('docker login -u me --password-stdin 127.0.0.1:5000');
    expect(imageCommands.save(['a:1'], '/tmp/a b.tar')).toBe("docker save -o '/tmp/a b.tar' a:1");
    expect(imageCommands.tag('x', 'y$(rm -rf /)')).toBe("docker tag x 'y$(rm -rf /)'");
  });
});

describe('rows', () => {
  it('one row per tag, <none> for untagged, repository from a digest, filters and sorts', () => {
    const byId = new Map(
      [
        img('a', { tags: ['web:1', 'web:2'], created: 3, size: 5 }),
        img('b', { created: 2, size: 50 }),
        img('c', { digests: ['busybox@sha256:x'], created: 1, size: 7 }),
        img('d', { tags: ['localhost:5000/x/y:z'], created: 4, size: 1 }),
      ].map((i) => [i.id, i]),
    );
    const used = (id: string) => (id.startsWith('sha256:a') ? 2 : 0);
    const all = imageRows(byId, { filter: '', show: 'all', sort: 'created', usedBy: used });
    expect(all.map((r) => `${r.repository}:${r.tag}`)).toEqual([
      'localhost:5000/x/y:z',
      'web:1',
      'web:2',
      '<none>:<none>',
      'busybox:<none>',
    ]);
    // The count says what `docker images` would print: every row, not every distinct image.
    expect(imageRowCount(byId)).toBe(all.length);
    expect(imageRowCount(byId)).toBe(5);
    expect(
      imageRows(byId, { filter: '', show: 'dangling', sort: 'created', usedBy: used }).map((r) => r.repository),
    ).toEqual(['<none>']);
    expect(
      imageRows(byId, { filter: '', show: 'unused', sort: 'size', usedBy: used }).map((r) => r.image.size),
    ).toEqual([50, 7, 1]);
    expect(imageRows(byId, { filter: 'WEB:2', show: 'all', sort: 'name', usedBy: used }).map((r) => r.ref)).toEqual([
      'web:2',
    ]);
    expect(imageRows(byId, { filter: 'bbbb', show: 'all', sort: 'name', usedBy: used }).length).toBe(0);
    expect(imageRows(byId, { filter: 'b000', show: 'all', sort: 'name', usedBy: used }).length).toBe(1);
    expect(imageRows(byId, { filter: '', show: 'all', sort: 'name', usedBy: used }).at(-1)?.repository).toBe('<none>');
  });

  it('splits a tag after the last colon past the last slash', () => {
    expect(splitTag('localhost:5000/a:1')).toEqual(['localhost:5000/a', '1']);
    expect(splitTag('localhost:5000/a')).toEqual(['localhost:5000/a', 'latest']);
  });

  it('parses build args and tags from the build dialog', () => {
    expect(parseBuildArgs('A=1\n\n B = x\nC=\nD=a=b')).toEqual({ args: { A: '1', C: '', D: 'a=b' }, bad: ['B = x'] });
    expect(splitTags('a:1, b:2\nc')).toEqual(['a:1', 'b:2', 'c']);
  });
});

/** An ApiClient stand-in whose stream() hands the callbacks to the test. */
function fakeApi(list: () => ImageSummary[]) {
  let cb: StreamCallbacks<ImagesFrame> | undefined;
  const close = vi.fn();
  const api = {
    call: vi.fn(async (name: string) => {
      if (name === 'images.list') return list();
      throw new Error(name);
    }),
    stream: vi.fn(async (_name: string, _input: unknown, callbacks: StreamCallbacks<ImagesFrame>) => {
      cb = callbacks;
      return { sid: 's', close, write: vi.fn(), resize: vi.fn(), ack: vi.fn() } as StreamHandle;
    }),
  };
  return { api: api as unknown as ApiClient, callbacks: () => cb as StreamCallbacks<ImagesFrame>, close, raw: api };
}

describe('images store', () => {
  it('keeps the newest progress snapshot, selects the pulled image when done', async () => {
    let images = [img('a', { tags: ['a:1'] })];
    const f = fakeApi(() => images);
    const store = createImagesStore(f.api);
    await store.getState().load();
    const id = await store.getState().startTask('images.pull', { ref: 'b:1' }, 'b:1', 'docker pull b:1');
    const cb = f.callbacks();
    const progress = (fraction: number) =>
      ({ t: 'progress', layers: [], fraction, current: 0, total: 0 }) as ImagesFrame;
    cb.onFrames([progress(0.1), progress(0.5)]);
    expect(store.getState().tasks[0]).toMatchObject({ id, status: 'running', progress: { fraction: 0.5 } });
    const newId = img('b').id;
    cb.onFrames([{ t: 'done', imageId: newId, ref: 'b:1' }]);
    images = [...images, img('b', { tags: ['b:1'] })];
    cb.onEnd?.();
    await vi.waitFor(() => expect(store.getState().selectedId).toBe(newId));
    expect(store.getState().tasks[0]?.status).toBe('done');
    expect(store.getState().byId.size).toBe(2);
  });

  it('cancel closes the stream and marks the task cancelled; failures keep the error', async () => {
    const f = fakeApi(() => []);
    const store = createImagesStore(f.api);
    const id = await store.getState().startTask('images.pull', { ref: 'x' }, 'x', 'docker pull x');
    store.getState().cancelTask(id);
    expect(f.close).toHaveBeenCalledTimes(1);
    f.callbacks().onEnd?.();
    expect(store.getState().tasks[0]?.status).toBe('cancelled');
    const id2 = await store.getState().startTask('images.build', { contextPath: '/x' }, 'x', 'docker build /x');
    f.callbacks().onFrames([
      { t: 'log', text: 'Step 1\n' },
      { t: 'log', text: 'Step 2\n' },
    ]);
    f.callbacks().onEnd?.(new BerthError('internal', 'returned a non-zero code: 1'));
    const t2 = store.getState().tasks.find((t) => t.id === id2);
    expect(t2).toMatchObject({ status: 'failed', log: 'Step 1\nStep 2\n', error: { code: 'internal' } });
    store.getState().dismissTask(id2);
    expect(store.getState().tasks.map((t) => t.id)).toEqual([id]);
  });

  it('does not keep a task main refused to open, and rethrows the error', async () => {
    const f = fakeApi(() => []);
    f.raw.stream.mockRejectedValueOnce(new BerthError('invalid_input', 'build without a Dockerfile'));
    const store = createImagesStore(f.api);
    await expect(
      store.getState().startTask('images.build', { contextPath: '/x' }, 'x', 'docker build /x'),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    expect(store.getState().tasks).toEqual([]);
  });

  it('coalesces change notices into one re-list', async () => {
    vi.useFakeTimers();
    const f = fakeApi(() => []);
    const store = createImagesStore(f.api, { refreshDelayMs: 50 });
    for (let i = 0; i < 20; i++) store.getState().refresh();
    await vi.advanceTimersByTimeAsync(60);
    expect(f.raw.call.mock.calls.filter((c) => c[0] === 'images.list')).toHaveLength(1);
    vi.useRealTimers();
  });
});

describe('images store: change notices re-read only what they name, when that is exact', () => {
  /** The engine's images; `images.list` with refs answers only the images those name now (by id or tag). */
  function engine(initial: ImageSummary[]) {
    const state = { images: initial };
    const call = vi.fn(async (name: string, input: { refs?: string[] }) => {
      if (name !== 'images.list') throw new Error(name);
      if (!input.refs) return state.images;
      return state.images.filter((i) =>
        input.refs!.some((r) => i.id === r || i.id === `sha256:${r}` || i.tags.includes(r)),
      );
    });
    return { state, call, api: { call } as unknown as ApiClient };
  }
  const lists = (call: ReturnType<typeof vi.fn>) =>
    call.mock.calls.filter((c) => c[0] === 'images.list').map((c) => (c[1] as { refs?: string[] }).refs ?? 'all');

  it('a tag added to an image re-reads that image only', async () => {
    const a = img('a', { tags: ['a:1'] });
    const e = engine([a, img('b', { tags: ['b:1'] })]);
    const store = createImagesStore(e.api, { refreshDelayMs: 1 });
    await store.getState().load();
    const before = store.getState().byId.get(img('b').id);
    e.state.images = [{ ...a, tags: ['a:1', 'a:2'] }, e.state.images[1]!];
    store.getState().refresh([a.id]);
    store.getState().refresh(['a:2']); // the same change, named by its new tag
    await vi.waitFor(() => expect(store.getState().byId.get(a.id)?.tags).toEqual(['a:1', 'a:2']));
    expect(lists(e.call)).toEqual(['all', [a.id, 'a:2']]);
    expect(store.getState().byId.get(img('b').id)).toBe(before); // other rows untouched
  });

  it('re-lists when an image came or went (what images share changes with them)', async () => {
    const a = img('a', { tags: ['a:1'] });
    const e = engine([a]);
    const store = createImagesStore(e.api, { refreshDelayMs: 1 });
    await store.getState().load();
    const c = img('c', { tags: ['c:1'] });
    e.state.images = [a, c];
    store.getState().refresh(['c:1']);
    await vi.waitFor(() => expect(store.getState().byId.has(c.id)).toBe(true));
    expect(lists(e.call)).toEqual(['all', ['c:1'], 'all']);
    e.state.images = [c];
    store.getState().refresh([a.id]);
    await vi.waitFor(() => expect(store.getState().byId.has(a.id)).toBe(false));
    expect(lists(e.call).at(-1)).toBe('all');
  });

  it('re-reads one after another, so a slow older answer cannot overwrite a newer one', async () => {
    const a = img('a', { tags: ['a:1'] });
    const e = engine([a]);
    const store = createImagesStore(e.api, { refreshDelayMs: 1 });
    await store.getState().load();
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((r) => (releaseFirst = r));
    const answer = e.call.getMockImplementation()!;
    e.call.mockImplementationOnce(async (name, input) => {
      const rows = await answer(name, input); // the engine's state when asked: a:1 only
      await firstHeld;
      return rows;
    });
    store.getState().refresh([a.id]);
    await vi.waitFor(() => expect(lists(e.call)).toHaveLength(2));
    e.state.images = [{ ...a, tags: ['a:1', 'a:2'] }];
    store.getState().refresh(['a:2']);
    await new Promise((r) => setTimeout(r, 20));
    expect(lists(e.call)).toHaveLength(2); // the second waits for the first
    releaseFirst();
    await vi.waitFor(() => expect(lists(e.call)).toHaveLength(3));
    await vi.waitFor(() => expect(store.getState().byId.get(a.id)?.tags).toEqual(['a:1', 'a:2']));
  });

  it('ignores names that are not image names, and re-lists when asked without names or before a load', async () => {
    const e = engine([img('a', { tags: ['a:1'] })]);
    const store = createImagesStore(e.api, { refreshDelayMs: 1 });
    store.getState().refresh(['a:1']); // not loaded yet: a plain load
    await vi.waitFor(() => expect(store.getState().status).toBe('ready'));
    expect(lists(e.call)).toEqual(['all']);
    store.getState().refresh(['NOT A REF', '../../etc']);
    await new Promise((r) => setTimeout(r, 20));
    expect(lists(e.call)).toEqual(['all']);
    store.getState().refresh(['a:1']);
    store.getState().refresh();
    await vi.waitFor(() => expect(lists(e.call)).toHaveLength(2));
    expect(lists(e.call)[1]).toBe('all');
  });
});
