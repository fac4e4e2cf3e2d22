import { BerthError } from '../../preload/contract/errors';
import type { StreamName } from '../../preload/contract/index';
import type { EngineConnection } from '../engine/engine-connection';
import type { EngineLink } from '../engine/engine-link';
import { toBerthError } from '../engine/errors';
import type { Handlers } from './dispatcher';
import type { StreamHandlers, StreamSink } from './streams';

/** What a bare errno in our messages means, in words. */
const CAUSES: Record<string, string> = {
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection broke',
  ECONNREFUSED: 'the engine refused the connection',
  ENOENT: 'its socket is gone',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
};

/** "cannot reach the Docker engine (ECONNRESET)" → "the connection was reset (ECONNRESET)". */
export function describeCause(message: string): string {
  const code = /\((E[A-Z]+)\)\s*$/.exec(message)?.[1];
  const words = code ? CAUSES[code] : undefined;
  return words ? `${words} (${code})` : message;
}

/** The one error every stream ends with when its engine goes away: names the engine and the cause. */
export function engineLost(link: EngineLink, cause: string): BerthError {
  return new BerthError('engine_unreachable', `lost the connection to the Docker engine ${link.label}: ${cause}`);
}

/** Every call runs against the engine that was active when it came in, however long it takes. */
export function pinCalls(engine: EngineConnection, handlers: Handlers): Handlers {
  const out: Record<string, (input: unknown) => unknown> = {};
  for (const [name, handler] of Object.entries(handlers) as [string, (input: unknown) => unknown][]) {
    out[name] = (input) => engine.run(() => handler(input));
  }
  return out as Handlers;
}

/**
 * Streams that talk to an engine are pinned to the engine they were opened
 * on (a switch does not move them), and end — with one clear error naming
 * the engine and the cause — when that engine goes away, whichever notices
 * first: the stream itself, or the connection (its event stream, heartbeat,
 * or Berth letting go of it). An ambiguous failure (a stream cut short) is
 * checked with a ping before it is blamed on the engine.
 */
export function scopeStreams(
  engine: EngineConnection,
  handlers: StreamHandlers,
  unscoped: readonly StreamName[],
): StreamHandlers {
  const out: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(handlers) as [
    StreamName,
    (input: unknown, sink: StreamSink<unknown>) => Promise<unknown>,
  ][]) {
    if (unscoped.includes(name)) {
      out[name] = handler;
      continue;
    }
    out[name] = (input: unknown, sink: StreamSink<unknown>) => {
      const link = engine.current();
      return engine.run(async () => {
        const off = link.onLost((reason) => sink.end(engineLost(link, describeCause(reason))));
        sink.signal.addEventListener('abort', off, { once: true });
        const scoped: StreamSink<unknown> = {
          push: (frame) => sink.push(frame),
          signal: sink.signal,
          end: (error) => {
            off();
            if (error === undefined || sink.signal.aborted) return sink.end(error);
            void explain(link, error).then((e) => sink.end(e));
          },
        };
        try {
          return await handler(input, scoped);
        } catch (err) {
          off();
          throw err;
        }
      }, link);
    };
  }
  return out as StreamHandlers;
}

async function explain(link: EngineLink, error: unknown): Promise<BerthError> {
  const e = toBerthError(error);
  if (e.code === 'engine_unreachable') {
    return engineLost(link, describeCause(link.connected ? e.message : (link.status.error ?? e.message)));
  }
  if ((e.code === 'stream_error' || e.code === 'internal') && !(await link.alive())) {
    return engineLost(link, describeCause(link.status.error ?? e.message));
  }
  return e;
}
