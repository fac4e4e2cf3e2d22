import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EngineConnection, backoffDelay } from '../../../../main/engine/engine-connection';
import { EngineLink, eventsSince } from '../../../../main/engine/engine-link';
import type { EngineEndpoint } from '../../../../main/engine/endpoint';
import { BerthError } from '../../../../preload/contract/errors';
import type { EngineStatus } from '../../../../preload/contract/system.contract';

describe('backoffDelay', () => {
  it('doubles from the initial delay and stops at the maximum', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, 250, 4000))).toEqual([
      250, 500, 1000, 2000, 4000, 4000, 4000,
    ]);
  });

  it('treats a negative attempt as the first', () => {
    expect(backoffDelay(-3, 250, 4000)).toBe(250);
  });

  it('stays finite and capped for huge attempt counts', () => {
    expect(backoffDelay(10_000, 250, 4000)).toBe(4000);
  });

  it('property: never above max, never below min(initial, max), non-decreasing', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 120_000 }),
        (attempt, initial, max) => {
          const d = backoffDelay(attempt, initial, max);
          expect(d).toBeLessThanOrEqual(max);
          expect(d).toBeGreaterThanOrEqual(Math.min(initial, max));
          expect(backoffDelay(attempt + 1, initial, max)).toBeGreaterThanOrEqual(d);
        },
      ),
    );
  });
});

describe('eventsSince', () => {
  it('writes the engine clock as seconds.nanoseconds, padded', () => {
    expect(eventsSince(1_700_000_000_000_000_123n)).toBe('1700000000.000000123');
    expect(eventsSince(5_000_000_000n)).toBe('5.000000000');
  });
});

const ep = (id: string, extra: Partial<EngineEndpoint> = {}): EngineEndpoint => ({
  host: `unix:///nonexistent/${id}.sock`,
  source: 'settings',
  id,
  name: id.toUpperCase(),
  ...extra,
});

describe('EngineConnection: several engines, one active', () => {
  it('switching bumps the generation, says so, and keeps the engine switched away from', () => {
    const engine = new EngineConnection({ endpoint: ep('a') });
    const statuses: EngineStatus[] = [];
    const switched: EngineStatus[] = [];
    engine.on('status', (s) => statuses.push(s));
    engine.on('switched', (s) => switched.push(s));
    const g0 = engine.status.generation;
    engine.retarget(ep('b'));
    expect(engine.status).toMatchObject({ engineId: 'b', engineName: 'B', generation: g0 + 1 });
    expect(statuses.at(-1)).toMatchObject({ engineId: 'b', generation: g0 + 1 });
    expect(switched).toHaveLength(1);
    expect(engine.connections.map((l) => l.endpoint.id)).toEqual(['a', 'b']);
    // Back to a: the same connection object, not a new one.
    const a = engine.linkFor('a');
    engine.retarget(ep('a'));
    expect(engine.linkFor('a')).toBe(a);
    expect(engine.status.generation).toBe(g0 + 2);
    engine.stop();
  });

  it('a switch asked from a call pinned to the old engine announces the new one', () => {
    const engine = new EngineConnection({ endpoint: ep('a') });
    const statuses: EngineStatus[] = [];
    engine.on('status', (s) => statuses.push(s));
    engine.run(() => engine.retarget(ep('b')));
    expect(statuses.at(-1)).toMatchObject({ engineId: 'b', endpoint: 'unix:///nonexistent/b.sock' });
    engine.stop();
  });

  it('keeps at most maxLinks, letting go of the least recently used', () => {
    const engine = new EngineConnection({ endpoint: ep('a'), maxLinks: 2 });
    const a = engine.linkFor('a')!;
    engine.retarget(ep('b'));
    engine.retarget(ep('c'));
    expect(engine.connections.map((l) => l.endpoint.id)).toEqual(['b', 'c']);
    expect(a.isClosed).toBe(true);
    engine.stop();
  });

  it('a call pinned to an engine stays on it after a switch, and fails clearly once it is let go', () => {
    const engine = new EngineConnection({ endpoint: ep('a'), maxLinks: 1 });
    const seen = engine.run(() => {
      engine.retarget(ep('b'));
      const pinned = engine.current().endpoint.id;
      let error: unknown;
      try {
        engine.api();
      } catch (e) {
        error = e;
      }
      return { pinned, error };
    });
    expect(seen.pinned).toBe('a');
    expect(seen.error).toBeInstanceOf(BerthError);
    expect((seen.error as BerthError).code).toBe('engine_unreachable');
    expect((seen.error as BerthError).message).toMatch(
      /no longer connected to the engine at unix:\/\/\/nonexistent\/a\.sock/,
    );
    expect(engine.current().endpoint.id).toBe('b');
    engine.stop();
  });

  it('a rename keeps the connection; changed settings replace it; forget lets go of a kept one', () => {
    const engine = new EngineConnection({ endpoint: ep('a') });
    const a = engine.linkFor('a');
    engine.retarget(ep('a', { name: 'Renamed' }));
    expect(engine.linkFor('a')).toBe(a);
    expect(engine.status.engineName).toBe('Renamed');
    engine.retarget(ep('a', { host: 'unix:///nonexistent/moved.sock' }));
    expect(engine.linkFor('a')).not.toBe(a);
    expect(a?.isClosed).toBe(true);
    expect(engine.status.endpoint).toBe('unix:///nonexistent/moved.sock');

    engine.retarget(ep('b'));
    engine.forget('a');
    expect(engine.linkFor('a')).toBeUndefined();
    engine.forget('b'); // the active one stays
    expect(engine.linkFor('b')).toBeDefined();
    engine.stop();
  });

  it('only the active engine’s events reach listeners', () => {
    const engine = new EngineConnection({ endpoint: ep('a') });
    const events: unknown[] = [];
    engine.on('event', (e) => events.push(e));
    const a = engine.linkFor('a')!;
    engine.retarget(ep('b'));
    a.emit('event', { Type: 'container', Action: 'start', id: 'from-a' });
    engine.linkFor('b')!.emit('event', { Type: 'container', Action: 'start', id: 'from-b' });
    expect(events).toEqual([{ Type: 'container', Action: 'start', id: 'from-b' }]);
    engine.stop();
  });
});

describe('EngineLink heartbeat', () => {
  it('pings rarely over ssh:// (each request is a new SSH login there)', () => {
    const hb = (host: string) =>
      (
        new EngineLink(
          { host, source: 'settings' },
          { heartbeat: { intervalMs: 500, timeoutMs: 1000 } },
        ) as unknown as {
          heartbeat: { intervalMs: number };
        }
      ).heartbeat.intervalMs;
    expect(hb('unix:///var/run/docker.sock')).toBe(500);
    expect(hb('ssh://me@remote')).toBe(60_000);
  });
});

describe('EngineLink: events resumed with since', () => {
  it('drops events replayed from before the last one seen, and repeats at its exact time', () => {
    const link = new EngineLink(ep('a'));
    const out: unknown[] = [];
    link.on('event', (e: { id: string }) => out.push(e.id));
    const feed = (id: string, timeNano: number) =>
      (link as unknown as { onEvent(e: unknown): void }).onEvent({ Type: 'container', Action: 'die', id, timeNano });
    feed('1', 1_000);
    feed('2', 2_000);
    feed('3', 2_000);
    // Resubscribed from the start of the second: the engine repeats what was seen.
    feed('1', 1_000);
    feed('2', 2_000);
    feed('3', 2_000);
    feed('4', 2_000);
    feed('5', 3_000);
    expect(out).toEqual(['1', '2', '3', '4', '5']);
  });
});
