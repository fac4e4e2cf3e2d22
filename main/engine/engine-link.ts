import { EventEmitter } from 'node:events';
import Docker from 'dockerode';
import type { EngineStatus } from '../../preload/contract/system.contract';
import { BerthError } from '../../preload/contract/errors';
import { negotiateApiVersion } from './api-version';
import { modemOptions, type EngineEndpoint } from './endpoint';
import { NdjsonParser } from './ndjson';
import { toBerthError } from './errors';
import { guardEnginePaths } from './engine-path';

export interface EngineEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  id?: string;
  status?: string;
  time?: number;
  timeNano?: number;
}

export interface EngineLinkOptions {
  /** Backoff between reconnect attempts, in ms. */
  backoff?: { initialMs: number; maxMs: number };
  /**
   * While connected, ping the engine this often; no answer within `timeoutMs`
   * counts as lost. Without it a frozen engine, or a remote one whose network
   * vanished without a reset, would leave every stream hanging.
   */
  heartbeat?: { intervalMs: number; timeoutMs: number };
  /** How long one connect attempt (version, info) may take. */
  connectTimeoutMs?: number;
}

export function backoffDelay(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt));
}

/** `since` for /events: the engine's "seconds.nanoseconds". */
export function eventsSince(timeNano: number | bigint): string {
  const n = BigInt(timeNano);
  const s = n / 1_000_000_000n;
  const ns = n % 1_000_000_000n;
  return `${s}.${ns.toString().padStart(9, '0')}`;
}

const NS = 1_000_000_000n;

/**
 * The next 'connected' status `source` emits, or `current()` once `timeoutMs`
 * passes without one.
 */
export function untilConnected(
  source: EventEmitter,
  current: () => EngineStatus,
  timeoutMs: number,
): Promise<EngineStatus> {
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      source.off('status', on);
      resolve(current());
    }, timeoutMs);
    const on = (s: EngineStatus) => {
      if (s.state !== 'connected') return;
      clearTimeout(t);
      source.off('status', on);
      resolve(s);
    };
    source.on('status', on);
  });
}

/** dockerode's typings omit it, but ping(), version() and info() take an abortSignal like every call. */
type WithSignal = (o: { abortSignal: AbortSignal }) => Promise<unknown>;
const pingOf = (docker: Docker) => (signal: AbortSignal) =>
  (docker.ping.bind(docker) as unknown as WithSignal)({ abortSignal: signal });

const eventKey = (ev: EngineEvent) =>
  `${ev.Type ?? ''}|${ev.Action ?? ev.status ?? ''}|${ev.Actor?.ID ?? ev.id ?? ''}|${ev.timeNano ?? ev.time ?? ''}`;

/**
 * One connection to one engine: the dockerode client, negotiated on every
 * (re)connect, its single event subscription, a heartbeat, and reconnection
 * with backoff. Emits:
 *  - 'status' (EngineStatus, `generation` counting this link's connects);
 *  - 'event' (EngineEvent);
 *  - 'lost' (reason: string) when a connection that was up goes away, or the
 *    link is stopped: whatever was opened through it is gone.
 */
export class EngineLink extends EventEmitter {
  private docker: Docker | undefined;
  private state: EngineStatus;
  private stopped = true;
  /** Stopped for good (evicted, forgotten, disposed): never starts again. */
  private closed = false;
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  private beat: NodeJS.Timeout | undefined;
  private eventsAbort: AbortController | undefined;
  private readonly backoff: { initialMs: number; maxMs: number };
  private readonly heartbeat: { intervalMs: number; timeoutMs: number } | undefined;
  private readonly connectTimeoutMs: number;
  /** The newest event seen (engine clock, ns) and the events at exactly that time, to resume without repeats. */
  private lastNano: bigint | undefined;
  private atLast = new Set<string>();

  readonly endpoint: EngineEndpoint;

  constructor(endpoint: EngineEndpoint, opts: EngineLinkOptions = {}) {
    super();
    this.endpoint = { ...endpoint };
    // Every stream pinned to this link listens for 'lost'; there can be many.
    this.setMaxListeners(0);
    this.backoff = opts.backoff ?? { initialMs: 250, maxMs: 4000 };
    // Over ssh:// every request is a new SSH login (docker-modem dials per request): ping rarely
    // there, SSH keepalives on the open connections notice a dead link sooner.
    this.heartbeat =
      opts.heartbeat && endpoint.host.startsWith('ssh://')
        ? { ...opts.heartbeat, intervalMs: Math.max(opts.heartbeat.intervalMs, 60_000) }
        : opts.heartbeat;
    this.connectTimeoutMs = opts.connectTimeoutMs ?? 15_000;
    this.state = { ...this.baseStatus(), generation: 0 };
  }

  get status(): EngineStatus {
    return this.state;
  }

  get connected(): boolean {
    return this.state.state === 'connected' && !!this.docker;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** The user renamed the engine: same connection, new name in the status. */
  rename(name: string | undefined): void {
    if (name === undefined) delete this.endpoint.name;
    else this.endpoint.name = name;
    const { engineName: _old, ...rest } = this.state;
    this.state = { ...rest, ...(name ? { engineName: name } : {}) };
  }

  /** A readable name for messages: the engine's name and address. */
  get label(): string {
    return this.endpoint.name ? `"${this.endpoint.name}" (${this.endpoint.host})` : this.endpoint.host;
  }

  /** The negotiated client. Throws engine_unreachable while not connected. */
  api(): Docker {
    if (!this.docker) {
      const why = this.state.error ? `: ${this.state.error}` : '';
      throw new BerthError('engine_unreachable', `not connected to the Docker engine at ${this.endpoint.host}${why}`);
    }
    return this.docker;
  }

  start(): void {
    if (!this.stopped || this.closed) return;
    this.stopped = false;
    void this.connectLoop();
  }

  /** Pause: no reconnecting, the event stream closed. `start()` resumes. */
  stop(reason = 'Berth closed the connection'): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    this.stopHeartbeat();
    this.eventsAbort?.abort();
    this.eventsAbort = undefined;
    const was = this.connected;
    this.docker = undefined;
    if (was) {
      this.setStatus({ ...this.baseStatus(), state: 'disconnected', error: reason, generation: this.state.generation });
      this.emit('lost', reason);
    }
  }

  /** Stop for good: the link is dropped from the pool. */
  close(reason: string): void {
    this.stop(reason);
    this.closed = true;
  }

  /** Wait until connected (or the timeout passes); resolves with the status either way. */
  async whenConnected(timeoutMs = 10_000): Promise<EngineStatus> {
    return this.connected ? this.state : untilConnected(this, () => this.state, timeoutMs);
  }

  /** Call `cb` once if this link's connection is lost (or the link stops). Returns the unsubscribe. */
  onLost(cb: (reason: string) => void): () => void {
    const on = (reason: string) => cb(reason);
    this.once('lost', on);
    return () => this.off('lost', on);
  }

  /** Is the engine still there? A ping, bounded in time. */
  async alive(timeoutMs = 2000): Promise<boolean> {
    const docker = this.docker;
    if (!docker) return false;
    try {
      await pingOf(docker)(AbortSignal.timeout(timeoutMs));
      return true;
    } catch {
      return false;
    }
  }

  private setStatus(next: EngineStatus): void {
    this.state = next;
    this.emit('status', next);
  }

  private baseStatus(): Omit<EngineStatus, 'generation'> & { state: 'connecting' } {
    return {
      state: 'connecting',
      endpoint: this.endpoint.host,
      source: this.endpoint.source,
      ...(this.endpoint.contextName ? { contextName: this.endpoint.contextName } : {}),
      ...(this.endpoint.id ? { engineId: this.endpoint.id } : {}),
      ...(this.endpoint.name ? { engineName: this.endpoint.name } : {}),
    };
  }

  private async connectLoop(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.connectOnce();
      this.attempt = 0;
    } catch (err) {
      if (this.stopped) return;
      const e = err as { name?: string };
      const message =
        e.name === 'TimeoutError' || e.name === 'AbortError'
          ? `the engine did not answer within ${this.connectTimeoutMs / 1000} s`
          : toBerthError(err).message;
      if (this.state.state !== 'disconnected' || this.state.error !== message) {
        this.setStatus({
          ...this.baseStatus(),
          state: 'disconnected',
          error: message,
          generation: this.state.generation,
        });
      }
      const delay = backoffDelay(this.attempt++, this.backoff.initialMs, this.backoff.maxMs);
      this.timer = setTimeout(() => void this.connectLoop(), delay);
    }
  }

  private async connectOnce(): Promise<void> {
    const base = modemOptions(this.endpoint);
    // Unversioned client: /version answers on every API version.
    const probe = guardEnginePaths(new Docker(base));
    // Bounded: a host that vanished without a reset would otherwise hold the connect for minutes.
    const signal = AbortSignal.timeout(this.connectTimeoutMs);
    const version = (await (probe.version.bind(probe) as unknown as WithSignal)({
      abortSignal: signal,
    })) as Docker.DockerVersion & { MinAPIVersion?: string };
    const apiVersion = negotiateApiVersion(version.ApiVersion, version.MinAPIVersion);
    const docker = guardEnginePaths(new Docker({ ...base, version: `v${apiVersion}` }));
    const info = (await (docker.info.bind(docker) as unknown as WithSignal)({ abortSignal: signal })) as Record<
      string,
      unknown
    >;
    if (this.stopped) return;

    // Subscribe to events before announcing the new generation, so that
    // nothing that happens while stores re-list is missed.
    await this.subscribe(docker);
    if (this.stopped) return;
    this.docker = docker;
    this.startHeartbeat(docker);
    this.setStatus({
      ...this.baseStatus(),
      state: 'connected',
      engineVersion: version.Version,
      apiVersion,
      engineApiVersion: version.ApiVersion,
      ...(version.MinAPIVersion ? { minApiVersion: version.MinAPIVersion } : {}),
      os: version.Os,
      arch: version.Arch,
      kernelVersion: version.KernelVersion,
      operatingSystem: info.OperatingSystem as string,
      cpus: info.NCPU as number,
      memoryBytes: info.MemTotal as number,
      name: info.Name as string,
      containers: info.Containers as number,
      containersRunning: info.ContainersRunning as number,
      images: info.Images as number,
      generation: this.state.generation + 1,
    });
  }

  /** The connection was up and is gone: say so, drop the client, reconnect with backoff. */
  private lose(why: string): void {
    if (this.stopped || !this.docker) return;
    this.docker = undefined;
    this.stopHeartbeat();
    this.eventsAbort?.abort();
    this.eventsAbort = undefined;
    this.setStatus({ ...this.baseStatus(), state: 'disconnected', error: why, generation: this.state.generation });
    this.emit('lost', why);
    this.attempt = 0;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.connectLoop(), this.backoff.initialMs);
  }

  private startHeartbeat(docker: Docker): void {
    this.stopHeartbeat();
    const hb = this.heartbeat;
    if (!hb) return;
    const tick = async () => {
      this.beat = undefined;
      if (this.docker !== docker) return;
      try {
        await pingOf(docker)(AbortSignal.timeout(hb.timeoutMs));
      } catch (err) {
        if (this.docker !== docker) return;
        const e = err as { name?: string };
        this.lose(
          e.name === 'TimeoutError' || e.name === 'AbortError'
            ? `the engine did not answer a ping within ${hb.timeoutMs / 1000} s`
            : toBerthError(err).message,
        );
        return;
      }
      if (this.docker === docker) this.beat = setTimeout(() => void tick(), hb.intervalMs);
    };
    this.beat = setTimeout(() => void tick(), hb.intervalMs);
    this.beat.unref?.();
  }

  private stopHeartbeat(): void {
    clearTimeout(this.beat);
    this.beat = undefined;
  }

  /**
   * The event subscription. On a reconnect it resumes with `since` = the last
   * event seen, so a blip of the connection (the engine itself still up)
   * loses nothing; events at that exact time already seen are not repeated.
   * After an engine restart the engine has nothing to replay: the new
   * generation makes every list resync instead.
   */
  private async subscribe(docker: Docker): Promise<void> {
    this.eventsAbort?.abort();
    const abort = new AbortController();
    this.eventsAbort = abort;
    // No modem-wide timeout: this stream lives as long as the connection.
    const stream = (await docker.getEvents({
      abortSignal: abort.signal,
      // From the start of the last event's second (nanoseconds do not survive JSON numbers); repeats are dropped.
      ...(this.lastNano !== undefined ? { since: eventsSince((this.lastNano / NS) * NS) } : {}),
    } as Parameters<Docker['getEvents']>[0])) as NodeJS.ReadableStream;
    const parser = new NdjsonParser<EngineEvent>((ev) => this.onEvent(ev));
    let ended = false;
    const onGone = (why: string) => {
      if (ended) return;
      ended = true;
      if (abort.signal.aborted || this.stopped) return;
      if (this.docker === docker) this.lose(why);
    };
    stream.on('data', (chunk: Buffer) => parser.push(chunk));
    stream.on('end', () => onGone('the engine closed the connection'));
    stream.on('close', () => onGone('the engine closed the connection'));
    stream.on('error', (err: Error) => onGone(toBerthError(err).message));
  }

  private onEvent(ev: EngineEvent): void {
    const nano =
      ev.timeNano !== undefined
        ? BigInt(ev.timeNano)
        : ev.time !== undefined
          ? BigInt(ev.time) * 1_000_000_000n
          : undefined;
    if (nano !== undefined) {
      const key = eventKey(ev);
      if (this.lastNano !== undefined && nano < this.lastNano) return; // replayed: seen already
      if (this.lastNano !== undefined && nano === this.lastNano) {
        if (this.atLast.has(key)) return;
        this.atLast.add(key);
      } else {
        this.lastNano = nano;
        this.atLast = new Set([key]);
      }
    }
    this.emit('event', ev);
  }
}
