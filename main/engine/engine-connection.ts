import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import type Docker from 'dockerode';
import type { EngineStatus } from '../../preload/contract/system.contract';
import { BerthError } from '../../preload/contract/errors';
import { resolveEndpoint, type EngineEndpoint } from './endpoint';
import { EngineLink, untilConnected, type EngineLinkOptions } from './engine-link';

export { backoffDelay, type EngineEvent } from './engine-link';

export interface EngineConnectionOptions extends EngineLinkOptions {
  endpoint?: EngineEndpoint;
  /**
   * How many engines stay connected at once (the active one included). An
   * engine switched away from keeps its connection and event subscription,
   * so switching back is instant; past this bound the least recently used
   * one is let go.
   */
  maxLinks?: number;
}

/** Same engine, same settings: the connection can be reused. */
const sameEndpoint = (a: EngineEndpoint, b: EngineEndpoint) =>
  a.host === b.host && JSON.stringify([a.tls, a.ssh]) === JSON.stringify([b.tls, b.ssh]);

const keyOf = (ep: EngineEndpoint) => ep.id ?? `host:${ep.host}`;

/**
 * The engines Berth is connected to, one of them active. Services see one
 * engine: `api()` is the active engine's client — or, inside a call or a
 * stream, the engine that call started on (`run()` pins it with an
 * AsyncLocalStorage), so an answer is never assembled from two engines and a
 * stream keeps talking to the engine it was opened on after a switch.
 *
 * Emits, for the active engine only:
 *  - 'status' (EngineStatus) on every change, `generation` bumped on every
 *    switch and every (re)connect: stores re-list when it changes, and drop
 *    answers that were asked for under an older one;
 *  - 'event' (EngineEvent);
 *  - 'switched' (EngineStatus) when another engine became the active one.
 */
export class EngineConnection extends EventEmitter {
  private readonly links = new Map<string, EngineLink>();
  private active: EngineLink;
  private running = false;
  private generation = 0;
  private readonly pin = new AsyncLocalStorage<EngineLink>();
  private readonly linkOpts: EngineLinkOptions;
  private readonly maxLinks: number;
  private readonly detach = new Map<EngineLink, () => void>();

  constructor(opts: EngineConnectionOptions = {}) {
    super();
    this.linkOpts = {
      ...(opts.backoff ? { backoff: opts.backoff } : {}),
      heartbeat: opts.heartbeat ?? { intervalMs: 5000, timeoutMs: 10_000 },
      ...(opts.connectTimeoutMs ? { connectTimeoutMs: opts.connectTimeoutMs } : {}),
    };
    this.maxLinks = Math.max(1, opts.maxLinks ?? 4);
    this.active = this.addLink(opts.endpoint ?? resolveEndpoint());
  }

  /** The engine in use here: the pinned one inside a call or stream, else the active one. */
  current(): EngineLink {
    return this.pin.getStore() ?? this.active;
  }

  get endpoint(): EngineEndpoint {
    return this.current().endpoint;
  }

  get status(): EngineStatus {
    return { ...this.current().status, generation: this.generation };
  }

  /** The client of the engine in use here. Throws engine_unreachable while it is not connected. */
  api(): Docker {
    const link = this.current();
    if (link.isClosed) {
      throw new BerthError('engine_unreachable', `Berth is no longer connected to the engine at ${link.endpoint.host}`);
    }
    return link.api();
  }

  /** Run `fn` (and everything it starts) against `link`, by default the active engine. */
  run<T>(fn: () => T, link: EngineLink = this.active): T {
    return this.pin.run(link, fn);
  }

  /** The active engine's address (whatever call this is asked from). */
  get activeEndpoint(): EngineEndpoint {
    return this.active.endpoint;
  }

  /** The active engine's status (whatever call this is asked from). */
  get activeStatus(): EngineStatus {
    return { ...this.active.status, generation: this.generation };
  }

  /** The connection kept for an engine id, if any (connected or not). */
  linkFor(id: string): EngineLink | undefined {
    return [...this.links.values()].find((l) => l.endpoint.id === id);
  }

  /** Every engine connection kept, the active one included. */
  get connections(): EngineLink[] {
    return [...this.links.values()];
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.active.start();
  }

  stop(): void {
    this.running = false;
    for (const link of this.links.values()) link.stop('Berth is shutting down');
  }

  /**
   * Make another engine the active one. Its connection is reused when one is
   * kept (switching is then immediate), else opened. The engine switched
   * away from stays connected (up to `maxLinks`), with its open streams.
   */
  retarget(endpoint: EngineEndpoint): void {
    const key = keyOf(endpoint);
    let link = this.links.get(key);
    if (link && !sameEndpoint(link.endpoint, endpoint)) {
      this.drop(link, `the settings of the engine at ${link.endpoint.host} changed`);
      link = undefined;
    }
    // Renamed only: the connection stays, the status carries the new name.
    if (link && link.endpoint.name !== endpoint.name) link.rename(endpoint.name);
    link ??= this.addLink(endpoint);
    // Most recently used last.
    this.links.delete(key);
    this.links.set(key, link);
    const previous = this.active;
    const switched = link !== previous;
    this.active = link;
    // An engine switched away from while it was unreachable is not worth keeping (nor retrying).
    if (switched && previous.status.state === 'disconnected' && !previous.isClosed) {
      this.drop(previous, `switched away from the engine at ${previous.endpoint.host}`);
    }
    this.generation++;
    if (this.running) link.start();
    this.trim();
    // The new engine's status, whatever engine the caller is pinned to (engines.activate runs pinned to the old one).
    const status = this.activeStatus;
    this.emit('status', status);
    if (switched) this.emit('switched', status);
  }

  /** Let go of the kept connection of an engine (removed, or its settings changed); never the active one. */
  forget(id: string, reason = `engine ${id} was removed`): void {
    const link = this.linkFor(id);
    if (link && link !== this.active) this.drop(link, reason);
  }

  /** Wait until the active engine is connected (or the timeout passes); resolves with the status either way. */
  async whenConnected(timeoutMs = 10_000): Promise<EngineStatus> {
    const current = () => ({ ...this.active.status, generation: this.generation });
    return this.active.connected ? current() : untilConnected(this, current, timeoutMs);
  }

  private addLink(endpoint: EngineEndpoint): EngineLink {
    const link = new EngineLink(endpoint, this.linkOpts);
    let lastState = link.status.state;
    const onStatus = (s: EngineStatus) => {
      const was = lastState;
      lastState = s.state;
      if (link !== this.active) {
        // A kept engine that went away is let go: nobody looks at it, and
        // reconnecting to it in the background would only cost. Its streams
        // were told (link 'lost').
        if (s.state === 'disconnected') this.drop(link, s.error ?? 'the engine went away');
        return;
      }
      if (s.state === 'connected' && was !== 'connected') this.generation++;
      this.emit('status', { ...s, generation: this.generation });
    };
    const onEvent = (ev: unknown) => {
      if (link === this.active) this.emit('event', ev);
    };
    link.on('status', onStatus);
    link.on('event', onEvent);
    this.detach.set(link, () => {
      link.off('status', onStatus);
      link.off('event', onEvent);
    });
    this.links.set(keyOf(endpoint), link);
    return link;
  }

  private drop(link: EngineLink, reason: string): void {
    for (const [k, l] of this.links) if (l === link) this.links.delete(k);
    this.detach.get(link)?.();
    this.detach.delete(link);
    link.close(reason);
  }

  /** Keep at most `maxLinks` connections: the least recently used inactive ones go first. */
  private trim(): void {
    for (const link of [...this.links.values()]) {
      if (this.links.size <= this.maxLinks) return;
      if (link === this.active) continue;
      this.drop(
        link,
        `Berth let go of the engine at ${link.endpoint.host}: at most ${this.maxLinks} engines stay connected`,
      );
    }
  }
}
