import { EventEmitter } from 'node:events';
import Docker from 'dockerode';
import type { EngineStatus } from '../../preload/contract/system.contract';
import { BerthError } from '../../preload/contract/errors';
import { negotiateApiVersion } from './api-version';
import { guardEnginePaths } from './engine-path';
import { modemOptions, resolveEndpoint, type EngineEndpoint } from './endpoint';
import { NdjsonParser } from './ndjson';
import { toBerthError } from './errors';

export interface EngineEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  id?: string;
  time?: number;
  timeNano?: number;
}

export interface EngineConnectionOptions {
  endpoint?: EngineEndpoint;
  /** Backoff between reconnect attempts, in ms. */
  backoff?: { initialMs: number; maxMs: number };
}

export function backoffDelay(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt));
}

/**
 * The one owner of the dockerode instance. Connects, negotiates the API
 * version on every (re)connect, keeps the single event subscription, and
 * reconnects with backoff when the engine goes away. Emits:
 *  - 'status' (EngineStatus) on every state change;
 *  - 'event' (EngineEvent) for every engine event.
 * A new `generation` on reconnect tells listeners to re-list: the engine does
 * not replay events across its own restart, so `since` cannot be trusted.
 */
export class EngineConnection extends EventEmitter {
  endpoint: EngineEndpoint;
  private docker: Docker | undefined;
  private state: EngineStatus;
  private stopped = true;
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  private eventsAbort: AbortController | undefined;
  private readonly backoff: { initialMs: number; maxMs: number };

  constructor(opts: EngineConnectionOptions = {}) {
    super();
    this.endpoint = opts.endpoint ?? resolveEndpoint();
    this.backoff = opts.backoff ?? { initialMs: 250, maxMs: 4000 };
    this.state = {
      state: 'connecting',
      endpoint: this.endpoint.host,
      source: this.endpoint.source,
      ...(this.endpoint.contextName ? { contextName: this.endpoint.contextName } : {}),
      generation: 0,
    };
  }

  get status(): EngineStatus {
    return this.state;
  }

  /** The negotiated client. Throws engine_unreachable before the first connect. */
  api(): Docker {
    if (!this.docker)
      throw new BerthError('engine_unreachable', `not connected to the Docker engine at ${this.endpoint.host}`);
    return this.docker;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connectLoop();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.eventsAbort?.abort();
    this.eventsAbort = undefined;
  }

  /**
   * Point the connection at another engine: the old one's event stream is
   * closed, status goes back to connecting, and the next connect bumps the
   * generation so every store re-lists from the new engine.
   */
  retarget(endpoint: EngineEndpoint): void {
    const wasRunning = !this.stopped;
    this.stop();
    this.docker = undefined;
    this.endpoint = endpoint;
    this.attempt = 0;
    this.setStatus({ ...this.baseStatus(), state: 'connecting' });
    if (wasRunning) this.start();
  }

  /** Wait until connected (or the timeout passes); resolves with the status either way. */
  async whenConnected(timeoutMs = 10_000): Promise<EngineStatus> {
    if (this.state.state === 'connected') return this.state;
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.off('status', on);
        resolve(this.state);
      }, timeoutMs);
      const on = (s: EngineStatus) => {
        if (s.state !== 'connected') return;
        clearTimeout(t);
        this.off('status', on);
        resolve(s);
      };
      this.on('status', on);
    });
  }

  private setStatus(next: EngineStatus): void {
    this.state = next;
    this.emit('status', next);
  }

  private async connectLoop(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.connectOnce();
      this.attempt = 0;
    } catch (err) {
      if (this.stopped) return;
      const message = toBerthError(err).message;
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

  private baseStatus(): EngineStatus {
    return {
      state: 'connecting',
      endpoint: this.endpoint.host,
      source: this.endpoint.source,
      ...(this.endpoint.contextName ? { contextName: this.endpoint.contextName } : {}),
      ...(this.endpoint.id ? { engineId: this.endpoint.id } : {}),
      ...(this.endpoint.name ? { engineName: this.endpoint.name } : {}),
      generation: this.state.generation,
    };
  }

  private async connectOnce(): Promise<void> {
    const base = modemOptions(this.endpoint);
    // Unversioned client: /version answers on every API version.
    const probe = guardEnginePaths(new Docker(base));
    const version = (await probe.version()) as Docker.DockerVersion & { MinAPIVersion?: string };
    const apiVersion = negotiateApiVersion(version.ApiVersion, version.MinAPIVersion);
    const docker = guardEnginePaths(new Docker({ ...base, version: `v${apiVersion}` }));
    const info = (await docker.info()) as Record<string, unknown>;

    // Subscribe to events before announcing the new generation, so that
    // nothing that happens while stores re-list is missed.
    await this.subscribe(docker);
    this.docker = docker;
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

  private async subscribe(docker: Docker): Promise<void> {
    this.eventsAbort?.abort();
    const abort = new AbortController();
    this.eventsAbort = abort;
    // No modem-wide timeout: this stream lives as long as the connection.
    const stream = (await docker.getEvents({ abortSignal: abort.signal })) as NodeJS.ReadableStream;
    const parser = new NdjsonParser<EngineEvent>((ev) => this.emit('event', ev));
    let ended = false;
    const onGone = (why: string) => {
      if (ended) return;
      ended = true;
      if (abort.signal.aborted || this.stopped) return;
      this.docker = undefined;
      this.setStatus({ ...this.baseStatus(), state: 'disconnected', error: why, generation: this.state.generation });
      this.attempt = 0;
      this.timer = setTimeout(() => void this.connectLoop(), this.backoff.initialMs);
    };
    stream.on('data', (chunk: Buffer) => parser.push(chunk));
    stream.on('end', () => onGone('the engine closed the connection'));
    stream.on('close', () => onGone('the engine closed the connection'));
    stream.on('error', (err: Error) => onGone(toBerthError(err).message));
  }
}
