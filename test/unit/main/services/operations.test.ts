import { describe, expect, it, vi } from 'vitest';
import type { StreamSink, StreamSource } from '../../../../main/rpc/streams';
import { OperationsService, type OperationEnd } from '../../../../main/services/operations.service';

/** A sink as the stream hub gives it: `end` and every other way out abort the signal. */
function hubSink() {
  const abort = new AbortController();
  const frames: unknown[] = [];
  const sink: StreamSink<unknown> & { ended: unknown[] } = {
    ended: [],
    push: (f) => frames.push(f),
    end: (e) => {
      sink.ended.push(e);
      abort.abort();
    },
    signal: abort.signal,
  };
  return { sink, frames, close: () => abort.abort() };
}

function setup() {
  let now = 1_000;
  const ops = new OperationsService(() => now);
  const counts: number[] = [];
  const ends: OperationEnd[] = [];
  ops.on('change', (n) => counts.push(n));
  ops.on('ended', (e) => ends.push(e));
  let serviceSink: StreamSink<unknown> | undefined;
  const open = vi.fn(async (_i: { ref: string }, s: StreamSink<unknown>): Promise<StreamSource> => {
    serviceSink = s;
    return { close: vi.fn() };
  });
  const handler = ops.track('pull', (i: { ref: string }) => i.ref, open);
  return { ops, counts, ends, handler, open, advance: (ms: number) => (now += ms), service: () => serviceSink! };
}

describe('OperationsService', () => {
  it('counts an operation while it runs; a done frame then the end is a success, with its duration', async () => {
    const t = setup();
    const { sink, frames } = hubSink();
    await t.handler({ ref: 'nginx:1' }, sink);
    expect(t.ops.running).toBe(1);
    t.advance(12_000);
    t.service().push({ t: 'progress' });
    t.service().push({ t: 'done', imageId: 'sha256:x' });
    t.service().end();
    expect(frames).toHaveLength(2); // frames still reach the window
    expect(t.ops.running).toBe(0);
    expect(t.counts).toEqual([1, 0]);
    expect(t.ends).toEqual([{ kind: 'pull', title: 'nginx:1', outcome: 'done', durationMs: 12_000 }]);
  });

  it('an error ending the stream is a failure; closing it first is a cancellation; each ends once', async () => {
    const t = setup();
    const a = hubSink();
    await t.handler({ ref: 'a:1' }, a.sink);
    const b = hubSink();
    await t.handler({ ref: 'b:1' }, b.sink);
    expect(t.ops.running).toBe(2);
    t.service().end(new Error('manifest unknown'));
    t.service().end(new Error('again')); // idempotent
    a.close(); // the user closes the first one
    a.close();
    expect(t.ops.running).toBe(0);
    expect(t.ends.map((e) => [e.title, e.outcome, e.error])).toEqual([
      ['b:1', 'failed', 'manifest unknown'],
      ['a:1', 'cancelled', undefined],
    ]);
  });

  it('an operation refused before it started is not counted and not reported', async () => {
    const ops = new OperationsService();
    const ends: OperationEnd[] = [];
    ops.on('ended', (e) => ends.push(e));
    const handler = ops.track(
      'push',
      (i: { ref: string }) => i.ref,
      async () => {
        throw new Error('not logged in');
      },
    );
    await expect(handler({ ref: 'r/x:1' }, hubSink().sink)).rejects.toThrow('not logged in');
    expect(ops.running).toBe(0);
    expect(ends).toEqual([]);
  });
});
