import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { BerthError } from '../../preload/contract/errors';
import type { EngineConfig, EngineEntry, EngineProbe, EngineSpec } from '../../preload/contract/engines.contract';
import { negotiateApiVersion } from '../engine/api-version';
import type { EngineConnection } from '../engine/engine-connection';
import {
  endpointFromConfig,
  listContexts,
  modemOptions,
  resolveEndpoint,
  type EngineEndpoint,
} from '../engine/endpoint';
import { guardEnginePaths } from '../engine/engine-path';
import { toBerthError } from '../engine/errors';
import type { SettingsService } from './settings.service';

export interface EnginesOptions {
  env?: NodeJS.ProcessEnv;
  /** The docker CLI's config directory. */
  configDir?: string;
  /** How long a probe may take. */
  probeTimeoutMs?: number;
}

interface Known {
  id: string;
  name: string;
  source: EngineEntry['source'];
  endpoint: EngineEndpoint;
}

/** Connect once to an address, negotiate, read the version, and let go. */
export async function probeEngine(endpoint: EngineEndpoint, timeoutMs = 5000): Promise<EngineProbe> {
  try {
    const docker = guardEnginePaths(new Docker(modemOptions(endpoint)));
    // dockerode's typings omit it, but version() takes an abortSignal like every call.
    const versionOf = docker.version.bind(docker) as unknown as (o: {
      abortSignal: AbortSignal;
    }) => Promise<Docker.DockerVersion & { MinAPIVersion?: string }>;
    const version = await versionOf({ abortSignal: AbortSignal.timeout(timeoutMs) });
    const apiVersion = negotiateApiVersion(version.ApiVersion, version.MinAPIVersion);
    return { ok: true, engineVersion: version.Version, apiVersion, os: `${version.Os}/${version.Arch}` };
  } catch (err) {
    const e = err as { name?: string };
    const message =
      e.name === 'TimeoutError' || e.name === 'AbortError'
        ? `no answer within ${timeoutMs / 1000} s`
        : toBerthError(err).message;
    return { ok: false, error: message };
  }
}

/**
 * The engines Berth can use: the ones the user added (stored in settings)
 * and the ones found the docker CLI's way (DOCKER_HOST, contexts, the
 * default socket). One is active: the connection follows it.
 */
export class EnginesService {
  constructor(
    private readonly engine: EngineConnection,
    private readonly settings: SettingsService,
    private readonly opts: EnginesOptions = {},
  ) {}

  /** Where to connect at start: the stored active engine if it still exists, else the CLI's way. */
  static initialEndpoint(settings: SettingsService, opts: EnginesOptions = {}): EngineEndpoint {
    const svc = new EnginesService(undefined as unknown as EngineConnection, settings, opts);
    const id = settings.get().activeEngine;
    const chosen = id ? svc.known().find((k) => k.id === id) : undefined;
    if (chosen) return { ...chosen.endpoint, id: chosen.id, name: chosen.name };
    const resolved = resolveEndpoint({
      env: opts.env ?? process.env,
      ...(opts.configDir ? { configDir: opts.configDir } : {}),
    });
    const match = svc.known().find((k) => k.endpoint.host === resolved.host && k.source === resolved.source);
    return { ...resolved, ...(match ? { id: match.id, name: match.name } : {}) };
  }

  private known(): Known[] {
    const env = this.opts.env ?? process.env;
    const list: Known[] = this.settings.get().engines.map((e) => ({
      id: e.id,
      name: e.name,
      source: 'settings' as const,
      endpoint: endpointFromConfig(e),
    }));
    if (env.DOCKER_HOST) {
      const ep = resolveEndpoint({ env, ...(this.opts.configDir ? { configDir: this.opts.configDir } : {}) });
      list.push({ id: 'env', name: 'DOCKER_HOST', source: 'DOCKER_HOST', endpoint: ep });
    }
    for (const c of listContexts(this.opts.configDir ?? env.DOCKER_CONFIG)) {
      list.push({ id: `context:${c.name}`, name: c.name, source: 'context', endpoint: c.endpoint });
    }
    const def = resolveEndpoint({ env: {}, configDir: '/nonexistent' });
    list.push({ id: 'default', name: 'default', source: 'default', endpoint: def });
    return list;
  }

  private activeId(): string | undefined {
    return this.engine.activeEndpoint.id;
  }

  async list(input: { probe: boolean }): Promise<EngineEntry[]> {
    const active = this.activeId();
    const known = this.known();
    // An engine Berth keeps connected needs no probe: its connection says it all.
    const kept = (id: string) => {
      const link = this.engine.linkFor(id);
      return link?.connected ? link.status : undefined;
    };
    const probes = input.probe
      ? await Promise.all(
          known.map((k) =>
            kept(k.id) ? Promise.resolve(undefined) : probeEngine(k.endpoint, this.opts.probeTimeoutMs),
          ),
        )
      : [];
    return known.map((k, i) => {
      const isActive = k.id === active;
      const probe = probes[i];
      const status = kept(k.id) ?? (isActive ? this.engine.activeStatus : undefined);
      return {
        id: k.id,
        name: k.name,
        host: k.endpoint.host,
        source: k.source,
        active: isActive,
        tls: !!k.endpoint.tls,
        connected: !!kept(k.id),
        ...(status?.state === 'connected'
          ? { reachable: true, ...(status.engineVersion ? { engineVersion: status.engineVersion } : {}) }
          : probe
            ? {
                reachable: probe.ok,
                ...(probe.engineVersion ? { engineVersion: probe.engineVersion } : {}),
                ...(probe.error ? { error: probe.error } : {}),
              }
            : {}),
      };
    });
  }

  test(spec: EngineSpec & { tls?: EngineConfig['tls'] }): Promise<EngineProbe> {
    return probeEngine(endpointFromConfig(spec), this.opts.probeTimeoutMs);
  }

  async add(spec: EngineSpec & { tls?: EngineConfig['tls'] }): Promise<EngineEntry> {
    const engines = this.settings.get().engines;
    if (engines.some((e) => e.name === spec.name))
      throw new BerthError('conflict', `an engine named "${spec.name}" exists already`);
    const cfg = { ...spec, id: `user:${randomBytes(6).toString('hex')}` } as EngineConfig;
    await this.settings.update({ engines: [...engines, cfg] });
    return this.entry(cfg.id);
  }

  async update(cfg: EngineConfig): Promise<EngineEntry> {
    const engines = this.settings.get().engines;
    if (!engines.some((e) => e.id === cfg.id))
      throw new BerthError('not_found', `no engine ${cfg.id} in Berth's settings`);
    await this.settings.update({ engines: engines.map((e) => (e.id === cfg.id ? cfg : e)) });
    if (this.activeId() === cfg.id) this.engine.retarget({ ...endpointFromConfig(cfg), id: cfg.id, name: cfg.name });
    else this.engine.forget(cfg.id, `the settings of engine "${cfg.name}" changed`);
    return this.entry(cfg.id);
  }

  async remove(input: { id: string }): Promise<void> {
    const engines = this.settings.get().engines;
    if (!engines.some((e) => e.id === input.id)) {
      throw new BerthError(
        'invalid_input',
        `${input.id} was not added in Berth (found from DOCKER_HOST or the docker CLI's contexts), so Berth cannot remove it`,
      );
    }
    if (this.activeId() === input.id)
      throw new BerthError('conflict', 'this engine is in use: switch to another one first');
    this.engine.forget(input.id);
    await this.settings.update({ engines: engines.filter((e) => e.id !== input.id) });
  }

  async activate(input: { id: string }): Promise<void> {
    const k = this.known().find((x) => x.id === input.id);
    if (!k) throw new BerthError('not_found', `no engine ${input.id}`);
    // Switch first (instant when the engine is kept connected), then remember the choice.
    if (this.activeId() !== k.id) this.engine.retarget({ ...k.endpoint, id: k.id, name: k.name });
    await this.settings.update({ activeEngine: k.id });
  }

  private async entry(id: string): Promise<EngineEntry> {
    const e = (await this.list({ probe: false })).find((x) => x.id === id);
    if (!e) throw new BerthError('internal', `engine ${id} vanished`);
    return e;
  }
}
