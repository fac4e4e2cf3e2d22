import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StreamMessage } from '../../../../preload/contract/index';
import { BerthError } from '../../../../preload/contract/errors';
import { StreamHub, type StreamHandlers, type StreamSink, type StreamSource } from '../../../../main/rpc/streams';

type Frame = { channel: 'stdout' | 'stderr'; data: Uint8Array };

function setup(opts: { highWater?: number; lowWater?: number } = {}) {
  let sink: StreamSink<Frame> | undefined;
  const source = {
    write: vi.fn(),
    resize: vi.fn(),
    pause: vi.fn(),
    resume: vi.fn(),
    close: vi.fn(),
  } satisfies StreamSource;
  const handler = vi.fn(async (_input: unknown, s: StreamSink<Frame>) => {
    sink = s;
    return source;
  });
  const hub = new StreamHub({ 'containers.logs': handler } as unknown as StreamHandlers, {
    flushMs: 16,
    maxBatchBytes: 1000,
    ...opts,
  });
  const sent: { sid: string; msg: StreamMessage<Frame> }[] = [];
  const send = (sid: string, msg: StreamMessage) => sent.push({ sid, msg: msg as StreamMessage<Frame> });
  return { hub, source, handler, sent, send, sink: () => sink! };
}

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (frames: Frame[]) => frames.map((f) => new TextDecoder().decode(f.data)).join('');

describe('StreamHub', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('validates the input before the handler runs', async () => {
    const { hub, handler, send } = setup();
    for (const bad of [{ id: '../x' }, { id: 'c', tail: -1 }, { id: 'c', extra: true }, null, 42]) {
      const r = await hub.open('o', 'containers.logs', bad, send);
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(await hub.open('o', 'nope', {}, send)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(handler).not.toHaveBeenCalled();
    expect(hub.count()).toBe(0);
  });

  it('batches frames for one window and merges adjacent bytes of a channel', async () => {
    const { hub, send, sent, sink } = setup();
    const r = await hub.open('o', 'containers.logs', { id: 'web' }, send);
    expect(r.ok).toBe(true);
    sink().push({ channel: 'stdout', data: bytes('a') });
    sink().push({ channel: 'stdout', data: bytes('b') });
    sink().push({ channel: 'stderr', data: bytes('E') });
    sink().push({ channel: 'stdout', data: bytes('c') });
    expect(sent).toHaveLength(0);
    vi.advanceTimersByTime(16);
    expect(sent).toHaveLength(1);
    const msg = sent[0]!.msg;
    expect(msg.t).toBe('frames');
    if (msg.t === 'frames') {
      expect(msg.frames.map((f) => f.channel)).toEqual(['stdout', 'stderr', 'stdout']);
      expect(text(msg.frames)).toBe('abEc');
    }
  });

  it('flushes early when a batch grows past its byte limit', async () => {
    const { hub, send, sent, sink } = setup();
    await hub.open('o', 'containers.logs', { id: 'web' }, send);
    sink().push({ channel: 'stdout', data: new Uint8Array(1200) });
    expect(sent).toHaveLength(1);
  });

  it('pauses the engine stream above the high-water mark and resumes below the low one', async () => {
    const { hub, send, source, sink, sent } = setup({ highWater: 1000, lowWater: 100 });
    const r = await hub.open('o', 'containers.logs', { id: 'web' }, send);
    const sid = r.ok ? r.value.sid : '';
    for (let i = 0; i < 10; i++) sink().push({ channel: 'stdout', data: new Uint8Array(100) });
    expect(source.pause).not.toHaveBeenCalled();
    sink().push({ channel: 'stdout', data: new Uint8Array(1) });
    expect(source.pause).toHaveBeenCalledTimes(1);
    hub.control('o', sid, { t: 'ack', bytes: 500 });
    expect(source.resume).not.toHaveBeenCalled();
    hub.control('o', sid, { t: 'ack', bytes: 450 });
    expect(source.resume).toHaveBeenCalledTimes(1);
    expect(sent.length).toBeGreaterThan(0);
  });

  it('takes control messages only from the owner, and only well-formed ones', async () => {
    const { hub, send, source } = setup();
    const r = await hub.open('owner', 'containers.logs', { id: 'web' }, send);
    const sid = r.ok ? r.value.sid : '';
    hub.control('intruder', sid, { t: 'write', data: 'rm -rf /' });
    hub.control('owner', sid, { t: 'write', data: 42 });
    hub.control('owner', sid, { t: 'resize', cols: 0, rows: 10 });
    hub.control('owner', sid, { t: 'resize', cols: 80.5, rows: 10 });
    hub.control('owner', 'other', { t: 'close' });
    expect(source.write).not.toHaveBeenCalled();
    expect(source.resize).not.toHaveBeenCalled();
    expect(source.close).not.toHaveBeenCalled();
    hub.control('owner', sid, { t: 'write', data: 'ls\n' });
    expect(new TextDecoder().decode(source.write.mock.calls[0]![0] as Uint8Array)).toBe('ls\n');
    hub.control('owner', sid, { t: 'resize', cols: 120, rows: 40 });
    expect(source.resize).toHaveBeenCalledWith(120, 40);
  });

  it('ends once, however it ends: close, engine end, owner gone', async () => {
    const { hub, send, sent, source, sink } = setup();
    const r = await hub.open('o', 'containers.logs', { id: 'web' }, send);
    const sid = r.ok ? r.value.sid : '';
    sink().push({ channel: 'stdout', data: bytes('last') });
    hub.control('o', sid, { t: 'close' });
    sink().end(new Error('late'));
    await hub.releaseOwner('o');
    await vi.runAllTimersAsync();
    expect(source.close).toHaveBeenCalledTimes(1);
    const ends = sent.filter((s) => s.msg.t === 'end');
    expect(ends).toHaveLength(1);
    // Frames pushed before the end are delivered before it.
    expect(sent.map((s) => s.msg.t)).toEqual(['frames', 'end']);
    expect(hub.count()).toBe(0);
  });

  it('reports the engine error at the end, and releases every session of an owner that leaves', async () => {
    const { hub, send, sent, sink } = setup();
    await hub.open('o', 'containers.logs', { id: 'a' }, send);
    sink().end(new BerthError('stream_error', 'engine went away'));
    await vi.runAllTimersAsync();
    expect(sent.at(-1)?.msg).toMatchObject({ t: 'end', error: { code: 'stream_error' } });
    await hub.open('x', 'containers.logs', { id: 'b' }, send);
    await hub.open('x', 'containers.logs', { id: 'c' }, send);
    await hub.open('y', 'containers.logs', { id: 'd' }, send);
    expect(hub.count('x')).toBe(2);
    await hub.releaseOwner('x');
    expect(hub.count('x')).toBe(0);
    expect(hub.count()).toBe(1);
    await hub.disposeAll();
    expect(hub.count()).toBe(0);
  });

  it('turns a failing handler into an error envelope and keeps no session', async () => {
    const hub = new StreamHub({
      'containers.logs': async () => {
        throw Object.assign(new Error('(HTTP code 404) no such container - No such container: x'), {
          statusCode: 404,
          json: { message: 'No such container: x' },
        });
      },
    } as unknown as StreamHandlers);
    const r = await hub.open('o', 'containers.logs', { id: 'x' }, () => {});
    expect(r).toMatchObject({ ok: false, error: { code: 'not_found', message: 'No such container: x' } });
    expect(hub.count()).toBe(0);
  });
});
