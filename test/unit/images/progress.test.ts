import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImagesFrame } from '../../../preload/contract/images.contract';
import {
  ProgressTracker,
  assignHistoryLayers,
  chainIds,
  classifyStreamError,
  streamError,
  type ProgressMessage,
} from '../../../main/services/images.service';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const L1 = 'aaaaaaaaaaaa';
const L2 = 'bbbbbbbbbbbb';

describe('ProgressTracker', () => {
  it('keeps only the latest state per layer and sends one snapshot per interval', () => {
    const frames: ImagesFrame[] = [];
    const t = new ProgressTracker((f) => frames.push(f), 100);
    const lines: ProgressMessage[] = [
      { status: 'Pulling from library/x', id: 'latest' },
      { status: 'Pulling fs layer', id: L1 },
      { status: 'Pulling fs layer', id: L2 },
    ];
    for (let i = 0; i <= 100; i++) {
      lines.push({ status: 'Downloading', id: L1, progressDetail: { current: i * 10, total: 1000 } });
    }
    for (const m of lines) t.update(m);
    expect(frames).toHaveLength(0);
    vi.advanceTimersByTime(100);
    expect(frames).toHaveLength(1);
    const f = frames[0] as Extract<ImagesFrame, { t: 'progress' }>;
    expect(f.layers.map((l) => l.id)).toEqual([L1, L2]);
    expect(f.layers[0]).toMatchObject({ status: 'Downloading', current: 1000, total: 1000, fraction: 0.75 });
    expect(f.status).toBe('latest: Pulling from library/x');
    vi.advanceTimersByTime(1000);
    expect(frames).toHaveLength(1); // nothing new: nothing sent
  });

  it('walks a layer through download, extraction and completion; the total follows', () => {
    const frames: ImagesFrame[] = [];
    const t = new ProgressTracker((f) => frames.push(f), 10);
    const snap = () => {
      t.flush();
      return frames[frames.length - 1] as Extract<ImagesFrame, { t: 'progress' }>;
    };
    t.update({ status: 'Downloading', id: L1, progressDetail: { current: 500, total: 1000 } });
    t.update({ status: 'Already exists', id: L2 });
    expect(snap().layers[0]?.fraction).toBeCloseTo(0.375);
    expect(snap().layers[1]).toMatchObject({ done: true, fraction: 1 });
    t.update({ status: 'Download complete', id: L1 });
    expect(snap().layers[0]).toMatchObject({ fraction: 0.75, done: false });
    t.update({ status: 'Extracting', id: L1, progressDetail: { current: 500, total: 1000 } });
    expect(snap().layers[0]?.fraction).toBeCloseTo(0.875);
    t.update({ status: 'Pull complete', id: L1 });
    const last = snap();
    expect(last.layers.every((l) => l.done)).toBe(true);
    expect(last.fraction).toBe(1);
    expect(last.total).toBe(1000);
    expect(last.current).toBe(1000);
  });

  it('handles push statuses, and current beyond total', () => {
    const frames: ImagesFrame[] = [];
    const t = new ProgressTracker((f) => frames.push(f), 10);
    t.update({ status: 'Preparing', id: L1 });
    t.update({ status: 'Pushing', id: L1, progressDetail: { current: 3000, total: 1000 } });
    t.flush();
    const f = frames[frames.length - 1] as Extract<ImagesFrame, { t: 'progress' }>;
    expect(f.layers[0]?.fraction).toBeLessThan(1);
    expect(f.current).toBe(1000);
    t.update({ status: 'Pushed', id: L1 });
    t.update({ status: 'latest: digest: sha256:abc size: 528' });
    t.flush();
    const g = frames[frames.length - 1] as Extract<ImagesFrame, { t: 'progress' }>;
    expect(g).toMatchObject({ fraction: 1, status: 'latest: digest: sha256:abc size: 528' });
  });

  it('sends nothing after stop', () => {
    const frames: ImagesFrame[] = [];
    const t = new ProgressTracker((f) => frames.push(f), 10);
    t.update({ status: 'Waiting', id: L1 });
    t.stop();
    vi.advanceTimersByTime(100);
    t.flush();
    expect(frames).toEqual([]);
  });
});

describe('stream errors', () => {
  it('finds the error in a 200 stream line, and classifies it', () => {
    expect(streamError({ status: 'Downloading' })).toBeUndefined();
    expect(streamError({ error: 'x', errorDetail: { message: 'detail' } })).toBe('detail');
    expect(streamError({ error: 'only' })).toBe('only');
    expect(classifyStreamError('unauthorized: authentication required')).toBe('auth_required');
    expect(classifyStreamError('no basic auth credentials')).toBe('auth_required');
    expect(classifyStreamError('manifest for x:y not found: manifest unknown')).toBe('not_found');
    expect(classifyStreamError("The command '/bin/sh -c false' returned a non-zero code: 1")).toBe('internal');
    // The registry is down or the address is wrong: not Berth's fault, and not the engine's.
    expect(classifyStreamError('Get "http://127.0.0.1:9/v2/": dial tcp 127.0.0.1:9: connect: connection refused')).toBe(
      'unreachable',
    );
    expect(classifyStreamError('Get "https://nope.invalid/v2/": dial tcp: lookup nope.invalid: no such host')).toBe(
      'unreachable',
    );
  });
});

describe('layers', () => {
  it('computes chain ids as the engine does (first = diff id, then sha256 of "parent diff")', () => {
    const a = `sha256:${'1'.repeat(64)}`;
    const b = `sha256:${'2'.repeat(64)}`;
    const c = chainIds([a, b]);
    expect(c[0]).toBe(a);
    expect(c[1]).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(chainIds([a, b])).toEqual(c);
    expect(chainIds([b, a])[1]).not.toBe(c[1]);
  });

  it('maps history steps to layers: sized steps, then zero-size non-metadata steps', () => {
    const h = [
      { CreatedBy: 'ADD file:abc in /', Size: 100 },
      { CreatedBy: '/bin/sh -c #(nop)  ENV A=1', Size: 0 },
      { CreatedBy: '/bin/sh -c touch /x', Size: 0 },
      { CreatedBy: 'RUN /bin/sh -c echo hi > /y # buildkit', Size: 5 },
      { CreatedBy: 'CMD ["sh"]', Size: 0 },
    ];
    expect(assignHistoryLayers(h, 2)).toEqual([0, -1, -1, 1, -1]);
    expect(assignHistoryLayers(h, 3)).toEqual([0, -1, 1, 2, -1]);
    expect(assignHistoryLayers(h, 4)).toEqual([0, 1, 2, 3, -1]);
    expect(assignHistoryLayers(h, 1)).toEqual([0, -1, -1, -1, -1]);
    expect(assignHistoryLayers([], 0)).toEqual([]);
  });
});
