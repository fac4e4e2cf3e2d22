import { describe, expect, it, vi } from 'vitest';
import { EngineConnection } from '../../../../main/engine/engine-connection';
import { describeCause, pinCalls, scopeStreams } from '../../../../main/rpc/engine-scope';
import type { Handlers } from '../../../../main/rpc/dispatcher';
import type { StreamHandlers, StreamSink } from '../../../../main/rpc/streams';
import { BerthError } from '../../../../preload/contract/errors';

const ep = (id: string) => ({ host: `unix:///nonexistent/${id}.sock`, source: 'settings' as const, id, name: id });

/** A sink as the hub gives it: records how it ended. */
function sink() {
  const abort = new AbortController();
  const ended: unknown[] = [];
  const s: StreamSink<unknown> = {
    push: vi.fn(),
    end: (e) => {
      ended.push(e ?? 'clean');
      abort.abort();
    },
    signal: abort.signal,
  };
  return { s, ended };
}

const waitEnded = async (ended: unknown[]) => {
  for (let i = 0; i < 50 && ended.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  return ended[0] as BerthError;
};

describe('describeCause', () => {
  it('puts a bare errno into words, and leaves other messages alone', () => {
    expect(describeCause('cannot reach the Docker engine (ECONNRESET)')).toBe('the connection was reset (ECONNRESET)');
    expect(describeCause('cannot reach the Docker engine (ENOENT)')).toBe('its socket is gone (ENOENT)');
    expect(describeCause('the engine closed the connection')).toBe('the engine closed the connection');
  });
});

describe('streams scoped to their engine', () => {
  const setup = () => {
    const engine = new EngineConnection({ endpoint: ep('a') });
    let captured: StreamSink<unknown> | undefined;
    let pinnedTo: string | undefined;
    const handlers = {
      'containers.logs': async (_i: unknown, s: StreamSink<unknown>) => {
        captured = s;
        pinnedTo = engine.current().endpoint.id;
        return { close: () => {} };
      },
      'terminal.host': async (_i: unknown, s: StreamSink<unknown>) => {
        captured = s;
        return { close: () => {} };
      },
    } as unknown as StreamHandlers;
    const scoped = scopeStreams(engine, handlers, ['terminal.host']);
    return { engine, scoped, sinkOf: () => captured!, pinned: () => pinnedTo };
  };

  it('ends every open stream of an engine that goes away, naming the engine and why', async () => {
    const { engine, scoped } = setup();
    const { s, ended } = sink();
    await (scoped['containers.logs'] as (i: unknown, s: StreamSink<unknown>) => Promise<unknown>)({}, s);
    engine.linkFor('a')!.emit('lost', 'the engine closed the connection');
    const e = await waitEnded(ended);
    expect(e).toBeInstanceOf(BerthError);
    expect(e.code).toBe('engine_unreachable');
    expect(e.message).toBe(
      'lost the connection to the Docker engine "a" (unix:///nonexistent/a.sock): the engine closed the connection',
    );
    engine.stop();
  });

  it('a stream that fails because its engine went away says so in the same words', async () => {
    const { engine, scoped, sinkOf } = setup();
    const { s, ended } = sink();
    await (scoped['containers.logs'] as (i: unknown, s: StreamSink<unknown>) => Promise<unknown>)({}, s);
    sinkOf().end(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    const e = await waitEnded(ended);
    expect(e.code).toBe('engine_unreachable');
    expect(e.message).toMatch(
      /^lost the connection to the Docker engine "a" .*: the connection was reset \(ECONNRESET\)$/,
    );
    engine.stop();
  });

  it('a stream cut short is blamed on the engine only when the engine does not answer; other errors pass', async () => {
    const { engine, scoped, sinkOf } = setup();
    const one = sink();
    await (scoped['containers.logs'] as (i: unknown, s: StreamSink<unknown>) => Promise<unknown>)({}, one.s);
    sinkOf().end(new BerthError('stream_error', 'the engine closed the stream early'));
    expect((await waitEnded(one.ended)).code).toBe('engine_unreachable'); // never connected: no answer
    const two = sink();
    await (scoped['containers.logs'] as (i: unknown, s: StreamSink<unknown>) => Promise<unknown>)({}, two.s);
    sinkOf().end(new BerthError('not_found', 'no such container'));
    expect(await waitEnded(two.ended)).toMatchObject({ code: 'not_found', message: 'no such container' });
    engine.stop();
  });

  it('is pinned to the engine it was opened on; the host shell is no engine’s', async () => {
    const { engine, scoped, pinned } = setup();
    const { s } = sink();
    await (scoped['containers.logs'] as (i: unknown, s: StreamSink<unknown>) => Promise<unknown>)({}, s);
    expect(pinned()).toBe('a');
    const host = sink();
    await (scoped['terminal.host'] as (i: unknown, s: StreamSink<unknown>) => Promise<unknown>)({}, host.s);
    engine.linkFor('a')!.emit('lost', 'gone');
    await new Promise((r) => setTimeout(r, 20));
    expect(host.ended).toEqual([]);
    engine.stop();
  });
});

describe('no listener left behind', () => {
  it('a stream that ends, is closed or fails to open stops listening for its engine', async () => {
    const engine = new EngineConnection({ endpoint: ep('a') });
    const link = engine.linkFor('a')!;
    const handlers = {
      'containers.logs': async (i: { fail?: boolean }, s: StreamSink<unknown>) => {
        if (i.fail) throw new BerthError('not_found', 'no such container');
        void s;
        return { close: () => {} };
      },
    } as unknown as StreamHandlers;
    const open = scopeStreams(engine, handlers, [])['containers.logs'] as (
      i: unknown,
      s: StreamSink<unknown>,
    ) => Promise<unknown>;
    const base = link.listenerCount('lost');
    for (let n = 0; n < 50; n++) {
      const { s, ended } = sink();
      await open({}, s);
      expect(link.listenerCount('lost')).toBe(base + 1);
      s.end(); // closed by its owner: the hub aborts the signal
      expect(ended).toEqual(['clean']);
      await expect(open({ fail: true }, sink().s)).rejects.toThrow('no such container');
    }
    expect(link.listenerCount('lost')).toBe(base);
    engine.stop();
  });
});

describe('calls pinned to their engine', () => {
  it('a call that spans a switch keeps talking to the engine it started on', async () => {
    const engine = new EngineConnection({ endpoint: ep('a') });
    const seen: (string | undefined)[] = [];
    const handlers = pinCalls(engine, {
      'system.status': async () => {
        seen.push(engine.current().endpoint.id);
        engine.retarget(ep('b'));
        await new Promise((r) => setTimeout(r, 5));
        seen.push(engine.current().endpoint.id);
        return engine.status;
      },
    } as unknown as Handlers);
    await (handlers['system.status'] as (i: unknown) => Promise<unknown>)({});
    expect(seen).toEqual(['a', 'a']);
    expect(engine.current().endpoint.id).toBe('b');
    engine.stop();
  });
});

describe('a stream whose engine goes away while it opens', () => {
  it('fails to open with that reason, not with the cancel it caused', async () => {
    const { StreamHub } = await import('../../../../main/rpc/streams');
    const hub = new StreamHub({
      'containers.logs': (_i: unknown, s: StreamSink<unknown>) =>
        new Promise((_resolve, reject) => {
          s.signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
          setTimeout(
            () => s.end(new BerthError('engine_unreachable', 'lost the connection to the Docker engine x')),
            5,
          );
        }),
    } as unknown as StreamHandlers);
    const r = await hub.open('o', 'containers.logs', { id: 'web' }, () => {});
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'engine_unreachable', message: 'lost the connection to the Docker engine x' },
    });
    expect(hub.count()).toBe(0);
  });
});
