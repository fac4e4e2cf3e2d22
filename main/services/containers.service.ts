import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { extract, pack } from 'tar-stream';
import {
  FILES_LIST_MAX_BYTES,
  FILES_LIST_MAX_ENTRIES,
  FILES_TRANSFER_LIMIT,
  type ContainerState,
  type ContainerSummary,
  type DirListing,
  type FileChange,
  type FileDownload,
  type FileEntry,
  type ImageHints,
  type ProcessList,
  type PruneResult,
  type RunOptions,
  type RunOutcome,
  type RunSpec,
  type SpecFromContainer,
} from '../../preload/contract/containers.contract';
import { BerthError, type ErrorIssue } from '../../preload/contract/errors';
import type { EngineConnection } from '../engine/engine-connection';
import { toBerthError, tolerateNotModified } from '../engine/errors';
import { buildCreateRequest, hostPowerGrants, requireHostPower, specFromInspect, type CreateRequest } from './run-spec';

const STATES = new Set<ContainerState>(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead']);

/** The one place engine container rows turn into ContainerSummary. */
export function toContainerSummary(c: Docker.ContainerInfo): ContainerSummary {
  const state = (STATES.has(c.State as ContainerState) ? c.State : 'dead') as ContainerState;
  return {
    id: c.Id,
    name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
    image: c.Image,
    imageId: c.ImageID,
    command: c.Command ?? '',
    created: c.Created,
    state,
    status: c.Status ?? '',
    ports: (c.Ports ?? []).map((p) => ({
      privatePort: p.PrivatePort,
      ...(p.PublicPort ? { publicPort: p.PublicPort } : {}),
      ...(p.IP ? { ip: p.IP } : {}),
      type: p.Type,
    })),
    labels: c.Labels ?? {},
  };
}

// ------------------------------------------------------------------------------------------
// Engine errors -> the form field that caused them
// ------------------------------------------------------------------------------------------

/** Which field of the spec an engine error is about ('' when none can be named). */
export function fieldOfEngineError(message: string, spec: RunSpec): string {
  const m = message;
  const portIndex = (port: string) => {
    const k = spec.ports.findIndex((p) => p.hostPort === port || p.hostPort.startsWith(`${port}-`));
    return k >= 0 ? `spec.ports.${k}.hostPort` : 'spec.ports';
  };
  const bindPort =
    /(?:Bind for [^\s]*:(\d+) failed|listen (?:tcp|udp|sctp)[46]? [^\s]*:(\d+): bind|:(\d+): bind: address already in use)/i.exec(
      m,
    );
  if (bindPort) return portIndex(bindPort[1] ?? bindPort[2] ?? bindPort[3] ?? '');
  if (/port is already allocated|address already in use/i.test(m)) return 'spec.ports';
  if (/container name .* is already in use|Invalid container name/i.test(m)) return 'spec.name';
  if (/No such image|pull access denied|repository .* not found|manifest unknown|invalid reference format/i.test(m)) {
    return 'spec.image';
  }
  if (/network-scoped alias/i.test(m)) return 'spec.networkAliases';
  if (/network .* not found|No such network|conflicting options: .*network|network mode/i.test(m)) {
    return 'spec.network';
  }
  if (/mount|volume|bind source/i.test(m)) {
    const k = spec.mounts.findIndex(
      (x) => (x.target && m.includes(x.target)) || (x.source && x.source !== '/' && m.includes(x.source)),
    );
    if (k >= 0) {
      const src = spec.mounts[k]?.source;
      return src && m.includes(src) && /source|does not exist|no such file/i.test(m)
        ? `spec.mounts.${k}.source`
        : `spec.mounts.${k}.target`;
    }
    if (/volumes-from|No such container/i.test(m) && spec.volumesFrom.length) return 'spec.volumesFrom';
    return 'spec.mounts';
  }
  if (/No such container/i.test(m)) {
    if (spec.volumesFrom.some((v) => m.includes(v.split(':')[0] ?? ''))) return 'spec.volumesFrom';
    if (spec.network.startsWith('container:')) return 'spec.network';
    if (spec.pid.startsWith('container:')) return 'spec.pid';
    if (spec.ipc.startsWith('container:')) return 'spec.ipc';
  }
  if (/working directory|WorkingDir/i.test(m)) return 'spec.workdir';
  if (/unable to find user|no matching entries in passwd|user/i.test(m) && spec.user) return 'spec.user';
  if (/executable file not found|no such file or directory|permission denied.*exec|exec format error/i.test(m)) {
    return spec.entrypoint ? 'spec.entrypoint' : 'spec.cmd';
  }
  if (/restart policy|RestartPolicy/i.test(m)) return 'spec.restart';
  if (/memory\+swap|MemorySwap|swap/i.test(m)) return 'spec.memorySwap';
  if (/reservation/i.test(m)) return 'spec.memoryReservation';
  if (/memory/i.test(m)) return 'spec.memory';
  if (/NanoCPUs|CPUs|cpus/i.test(m)) return 'spec.cpus';
  if (/cpuset/i.test(m)) return 'spec.cpusetCpus';
  if (/cpu.?shares/i.test(m)) return 'spec.cpuShares';
  if (/capabilit/i.test(m)) return spec.capAdd.length ? 'spec.capAdd' : 'spec.capDrop';
  if (/device/i.test(m)) return 'spec.devices';
  if (/log(ging)? driver|log-opt|log opt/i.test(m)) return 'spec.logDriver';
  if (/sysctl/i.test(m)) return 'spec.sysctls';
  if (/ulimit/i.test(m)) return 'spec.ulimits';
  if (/tmpfs/i.test(m)) return 'spec.tmpfs';
  if (/hostname/i.test(m)) return 'spec.hostname';
  if (/platform/i.test(m)) return 'spec.platform';
  if (/environment|env/i.test(m)) return 'spec.env';
  if (/label/i.test(m)) return 'spec.labels';
  if (/stop.?signal|signal/i.test(m)) return 'spec.stopSignal';
  if (/ipc/i.test(m)) return 'spec.ipc';
  if (/pid/i.test(m)) return 'spec.pid';
  if (/dns/i.test(m)) return 'spec.dns';
  if (/extra.?host|add-host/i.test(m)) return 'spec.extraHosts';
  return '';
}

/** An engine error from create or start, with `issues` naming the field (when one can be named). */
export function withField(err: unknown, spec: RunSpec): BerthError {
  const e = toBerthError(err);
  if (e.issues?.length) return e;
  const path = fieldOfEngineError(e.message, spec);
  return new BerthError(e.code, e.message, path ? [{ path, message: e.message }] : undefined);
}

const isNotFound = (e: unknown) => (e as { statusCode?: number })?.statusCode === 404;

/** A tar stream's entries; `onEntry` returns false to stop reading. */
async function readTar(
  stream: Readable,
  onEntry: (
    h: { name: string; type: string; size: number; mode: number; mtime: Date; linkname: string },
    body: Readable,
  ) => Promise<boolean>,
): Promise<void> {
  const ex = extract();
  await new Promise<void>((resolve, reject) => {
    let done = false;
    const finish = (err?: unknown) => {
      if (done) return;
      done = true;
      if (err) reject(err instanceof Error ? err : new Error(String(err)));
      else resolve();
    };
    ex.on('entry', (h, body, next) => {
      onEntry(
        {
          name: h.name,
          type: h.type ?? 'file',
          size: h.size ?? 0,
          mode: h.mode ?? 0,
          mtime: h.mtime ?? new Date(0),
          linkname: h.linkname ?? '',
        },
        body as unknown as Readable,
      ).then(
        (more) => {
          if (!more) {
            stream.unpipe(ex);
            (stream as Readable & { destroy?: () => void }).destroy?.();
            ex.destroy();
            finish();
            return;
          }
          body.on('end', next);
          body.resume();
        },
        (err: unknown) => finish(err),
      );
    });
    ex.on('finish', () => finish());
    ex.on('error', (err) => finish(err));
    stream.on('error', (err) => finish(err));
    stream.pipe(ex);
  });
}

async function collect(body: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of body) {
    n += (c as Buffer).length;
    if (n > limit) throw new BerthError('invalid_input', `larger than ${limit / 1024 / 1024} MiB: use docker cp`);
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

interface PathStat {
  name: string;
  size: number;
  mode: number;
  mtime: string;
  linkTarget: string;
}
const FILE_MODE_DIR = 2 ** 31;
const FILE_MODE_SYMLINK = 2 ** 27;

interface Upload {
  chunks: Buffer[];
  bytes: number;
  timer: NodeJS.Timeout;
}
const MAX_UPLOADS = 8;
const UPLOAD_IDLE_MS = 5 * 60_000;

export class ContainersService {
  private readonly uploads = new Map<string, Upload>();

  constructor(private readonly engine: EngineConnection) {}

  private container(id: string): Docker.Container {
    return this.engine.api().getContainer(id);
  }

  /** The engine's own socket (for host-power checks on binds). */
  private socketPaths(): string[] {
    const host = this.engine.endpoint.host;
    return host.startsWith('unix://') ? [host.slice('unix://'.length)] : [];
  }

  async list(input: { ids?: string[] | undefined }): Promise<ContainerSummary[]> {
    if (input.ids && input.ids.length === 0) return [];
    const rows = await this.engine.api().listContainers({
      all: true,
      ...(input.ids ? { filters: JSON.stringify({ id: input.ids }) } : {}),
    });
    return rows.map(toContainerSummary);
  }

  async start(input: { id: string }): Promise<void> {
    await tolerateNotModified(this.container(input.id).start());
  }

  async stop(input: { id: string; timeoutSeconds?: number | undefined }): Promise<void> {
    const opts = input.timeoutSeconds === undefined ? {} : { t: input.timeoutSeconds };
    await tolerateNotModified(this.container(input.id).stop(opts));
  }

  async restart(input: { id: string; timeoutSeconds?: number | undefined }): Promise<void> {
    const opts = input.timeoutSeconds === undefined ? {} : { t: input.timeoutSeconds };
    await this.container(input.id).restart(opts);
  }

  async remove(input: { id: string; force: boolean; removeVolumes: boolean }): Promise<void> {
    await this.container(input.id).remove({ force: input.force, v: input.removeVolumes });
  }

  async kill(input: { id: string; signal: string }): Promise<void> {
    await this.container(input.id).kill({ signal: input.signal });
  }

  async pause(input: { id: string }): Promise<void> {
    await this.container(input.id).pause();
  }

  async unpause(input: { id: string }): Promise<void> {
    await this.container(input.id).unpause();
  }

  async rename(input: { id: string; name: string }): Promise<void> {
    try {
      await this.container(input.id).rename({ name: input.name });
    } catch (err) {
      const e = toBerthError(err);
      throw new BerthError(e.code, e.message, [{ path: 'name', message: e.message }]);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Prune: preview, then remove exactly what was shown
  // ------------------------------------------------------------------------------------------

  async prunePreview(): Promise<{ containers: ContainerSummary[] }> {
    const rows = await this.engine.api().listContainers({
      all: true,
      filters: JSON.stringify({ status: ['exited', 'created', 'dead'] }),
    });
    return { containers: rows.map(toContainerSummary) };
  }

  async prune(input: { ids: string[] }): Promise<PruneResult> {
    const result: PruneResult = { removed: [], failed: [] };
    for (const id of input.ids) {
      let name = id.slice(0, 12);
      try {
        const info = await this.container(id).inspect();
        name = info.Name.replace(/^\//, '');
        // Never forced: one that started since the preview stays.
        if (info.State.Running || info.State.Paused || info.State.Restarting) {
          throw new BerthError('conflict', `${name} is running now: left alone`);
        }
        await this.container(id).remove({ force: false, v: false });
        result.removed.push(id);
      } catch (err) {
        if (isNotFound(err)) {
          result.removed.push(id); // gone already: what the user wanted
          continue;
        }
        const e = toBerthError(err);
        result.failed.push({ id, name, code: e.code, message: e.message });
      }
    }
    return result;
  }

  // ------------------------------------------------------------------------------------------
  // Run, recreate
  // ------------------------------------------------------------------------------------------

  hostPower(input: { spec: RunSpec }): string[] {
    return hostPowerGrants(input.spec, { socketPaths: this.socketPaths() });
  }

  /** Fails (creating nothing) when the image is not here, naming the pull that would fetch it. */
  private async requireImage(image: string): Promise<{ Volumes?: Record<string, unknown> | null }> {
    try {
      const info = (await this.engine.api().getImage(image).inspect()) as unknown as {
        Config?: { Volumes?: Record<string, unknown> | null };
      };
      return info.Config ?? {};
    } catch (err) {
      if (!isNotFound(err)) throw toBerthError(err);
      const message = `image ${image} not found locally: pull it first (docker pull ${image})`;
      throw new BerthError('not_found', message, [{ path: 'spec.image', message }]);
    }
  }

  /** The engine checks the network only at start: check it first, so nothing half-made is left. */
  private async requireNetwork(spec: RunSpec): Promise<void> {
    const n = spec.network;
    if (!n || ['default', 'bridge', 'host', 'none'].includes(n) || n.startsWith('container:')) return;
    try {
      await this.engine.api().getNetwork(n).inspect();
    } catch (err) {
      if (!isNotFound(err)) throw toBerthError(err);
      const message = `network ${n} not found`;
      throw new BerthError('not_found', message, [{ path: 'spec.network', message }]);
    }
  }

  /** Host ports the spec asks for that a running container already publishes (the engine says so only at start). */
  private async requireFreePorts(spec: RunSpec, except?: string): Promise<void> {
    const wanted = spec.ports
      .map((p, k) => ({ p, k }))
      .filter(({ p }) => /^\d+$/.test(p.hostPort) && p.hostPort !== '0');
    if (!wanted.length) return;
    const running = await this.engine.api().listContainers({ filters: JSON.stringify({ status: ['running'] }) });
    const issues: ErrorIssue[] = [];
    for (const { p, k } of wanted) {
      const holder = running.find(
        (c) =>
          c.Id !== except &&
          (c.Ports ?? []).some(
            (q) =>
              String(q.PublicPort) === p.hostPort &&
              q.Type === p.proto &&
              (!p.hostIp ||
                !q.IP ||
                q.IP === p.hostIp ||
                q.IP === '0.0.0.0' ||
                q.IP === '::' ||
                ['0.0.0.0', '::'].includes(p.hostIp)),
          ),
      );
      if (holder) {
        const name = (holder.Names?.[0] ?? holder.Id.slice(0, 12)).replace(/^\//, '');
        issues.push({
          path: `spec.ports.${k}.hostPort`,
          message: `host port ${p.hostPort} is already used by container ${name}`,
        });
      }
    }
    if (issues.length) throw new BerthError('conflict', issues[0]?.message ?? 'host port in use', issues);
  }

  private async createFrom(req: CreateRequest, spec: RunSpec): Promise<{ id: string; warnings: string[] }> {
    try {
      const created = await new Promise<{ Id: string; Warnings?: string[] | null }>((resolve, reject) => {
        this.engine.api().modem.dial(
          {
            path: '/containers/create?',
            method: 'POST',
            options: { _query: req.query, _body: req.body },
            statusCodes: {
              200: true,
              201: true,
              400: 'bad parameter',
              404: 'no such image',
              409: 'conflict',
              500: 'server error',
            },
          },
          (err: unknown, data: unknown) =>
            err ? reject(err) : resolve(data as { Id: string; Warnings?: string[] | null }),
        );
      });
      return { id: created.Id, warnings: created.Warnings ?? [] };
    } catch (err) {
      throw withField(err, spec);
    }
  }

  async run(input: { spec: RunSpec; start: boolean; confirmHostPower: string[] }): Promise<RunOutcome> {
    const { spec } = input;
    const req = buildCreateRequest(spec);
    requireHostPower(this.hostPower({ spec }), input.confirmHostPower);
    await this.requireImage(spec.image);
    await this.requireNetwork(spec);
    if (input.start) await this.requireFreePorts(spec);
    const { id, warnings } = await this.createFrom(req, spec);
    const name = spec.name || (await this.nameOf(id));
    if (!input.start) return { id, name, outcome: 'created', warnings };
    try {
      await tolerateNotModified(this.container(id).start());
      return { id, name, outcome: 'started', warnings };
    } catch (err) {
      // Made but not started: kept (stopped), and the form says why, next to the field.
      const e = withField(err, spec);
      return {
        id,
        name,
        outcome: 'start_failed',
        startError: { code: e.code, message: e.message, ...(e.issues ? { issues: e.issues } : {}) },
        warnings,
      };
    }
  }

  private async nameOf(id: string): Promise<string> {
    try {
      return (await this.container(id).inspect()).Name.replace(/^\//, '');
    } catch {
      return id.slice(0, 12);
    }
  }

  /**
   * Replace a container by one made from `spec`, under the same name: named volumes and binds
   * are kept, anonymous volumes re-attached at their paths, the writable layer is lost. Every
   * failure puts the old container back as it was (name, running or not).
   */
  async recreate(input: {
    id: string;
    spec: RunSpec;
    start?: boolean | undefined;
    confirmHostPower: string[];
  }): Promise<RunOutcome> {
    const old = await this.container(input.id).inspect();
    const name = old.Name.replace(/^\//, '');
    if (input.spec.name && input.spec.name !== name) {
      const message = `recreating keeps the name ${name}; rename the container first`;
      throw new BerthError('invalid_input', message, [{ path: 'spec.name', message }]);
    }
    const spec: RunSpec = { ...input.spec, name };
    const req = buildCreateRequest(spec);
    requireHostPower(this.hostPower({ spec }), input.confirmHostPower);
    const image = await this.requireImage(spec.image);
    await this.requireNetwork(spec);
    reattachAnonymousVolumes(req, old, Object.keys(image.Volumes ?? {}));
    const wasRunning = old.State.Running || old.State.Paused || old.State.Restarting;
    const start = input.start ?? wasRunning;
    if (start) await this.requireFreePorts(spec, old.Id);

    const aside = `${name}-berth-old-${randomBytes(3).toString('hex')}`;
    const c = this.container(old.Id);
    await c.rename({ name: aside });
    const putBack = async () => {
      try {
        await c.rename({ name });
        if (wasRunning) await tolerateNotModified(c.start());
      } catch {
        /* best effort: the error below says what happened */
      }
    };
    try {
      if (wasRunning) await tolerateNotModified(c.stop()); // its own --stop-timeout, else 10 s
    } catch (err) {
      await putBack();
      throw toBerthError(err);
    }
    let created: { id: string; warnings: string[] };
    try {
      created = await this.createFrom(req, spec);
    } catch (err) {
      await putBack();
      const e = toBerthError(err);
      throw new BerthError(e.code, `${e.message} (nothing was changed: ${name} is as it was)`, e.issues);
    }
    if (start) {
      try {
        await tolerateNotModified(this.container(created.id).start());
      } catch (err) {
        const e = withField(err, spec);
        await this.container(created.id)
          .remove({ force: true, v: false })
          .catch(() => {});
        await putBack();
        throw new BerthError(
          e.code,
          `the new container could not start: ${e.message} (it was removed; ${name} is as it was)`,
          e.issues,
        );
      }
    }
    await c.remove({ force: true, v: false }).catch((err: unknown) => {
      if (!isNotFound(err)) throw toBerthError(err);
    });
    return { id: created.id, name, outcome: start ? 'started' : 'created', warnings: created.warnings };
  }

  async runSpec(input: { id: string }): Promise<SpecFromContainer> {
    const info = await this.container(input.id).inspect();
    let image: Record<string, unknown> | undefined;
    try {
      image = (
        (await this.engine.api().getImage(info.Image).inspect()) as unknown as { Config?: Record<string, unknown> }
      ).Config;
    } catch {
      image = undefined;
    }
    let logDriver = 'json-file';
    try {
      logDriver = ((await this.engine.api().info()) as { LoggingDriver?: string }).LoggingDriver ?? logDriver;
    } catch {
      /* keep the default */
    }
    return specFromInspect(info as never, image as never, logDriver);
  }

  async runOptions(): Promise<RunOptions> {
    const api = this.engine.api();
    const [images, networks, volumes, containers] = await Promise.all([
      api.listImages(),
      api.listNetworks(),
      api.listVolumes(),
      api.listContainers({ all: true }),
    ]);
    const tags = new Set<string>();
    for (const i of images) for (const t of i.RepoTags ?? []) if (t !== '<none>:<none>') tags.add(t);
    return {
      images: [...tags].sort(),
      networks: networks.map((n) => n.Name).sort(),
      volumes: (volumes.Volumes ?? [])
        .map((v) => v.Name)
        .filter((n) => !/^[a-f0-9]{64}$/.test(n))
        .sort(),
      containers: containers.map((c) => (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, '')).sort(),
    };
  }

  async imageHints(input: { image: string }): Promise<ImageHints> {
    try {
      const info = (await this.engine.api().getImage(input.image).inspect()) as unknown as {
        Config?: {
          ExposedPorts?: Record<string, unknown> | null;
          Volumes?: Record<string, unknown> | null;
          Cmd?: string[] | null;
          Entrypoint?: string[] | string | null;
          WorkingDir?: string;
          User?: string;
          Env?: string[] | null;
        };
      };
      const cfg = info.Config ?? {};
      return {
        found: true,
        exposedPorts: Object.keys(cfg.ExposedPorts ?? {}),
        volumes: Object.keys(cfg.Volumes ?? {}),
        cmd: cfg.Cmd ?? [],
        entrypoint: cfg.Entrypoint == null ? [] : Array.isArray(cfg.Entrypoint) ? cfg.Entrypoint : [cfg.Entrypoint],
        workdir: cfg.WorkingDir ?? '',
        user: cfg.User ?? '',
        env: cfg.Env ?? [],
      };
    } catch (err) {
      if (!isNotFound(err)) throw toBerthError(err);
      return { found: false, exposedPorts: [], volumes: [], cmd: [], entrypoint: [], workdir: '', user: '', env: [] };
    }
  }

  // ------------------------------------------------------------------------------------------
  // Details: inspect, top, diff, files, commit
  // ------------------------------------------------------------------------------------------

  async inspect(input: { id: string }): Promise<Record<string, unknown>> {
    return (await this.container(input.id).inspect()) as unknown as Record<string, unknown>;
  }

  async top(input: { id: string }): Promise<ProcessList> {
    const r = (await this.container(input.id).top()) as { Titles?: string[]; Processes?: string[][] | null };
    return { titles: r.Titles ?? [], processes: r.Processes ?? [] };
  }

  async changes(input: { id: string }): Promise<FileChange[]> {
    const r = ((await this.container(input.id).changes()) as { Path: string; Kind: number }[] | null) ?? [];
    const kinds = ['changed', 'added', 'deleted'] as const;
    return r.map((c) => ({ path: c.Path, kind: kinds[c.Kind] ?? 'changed' }));
  }

  /** HEAD /archive: a path's stat (symlinks not followed). */
  private async stat(id: string, path: string): Promise<PathStat> {
    try {
      const res = (await this.container(id).infoArchive({ path })) as {
        headers?: Record<string, string>;
        resume?: () => void;
      };
      res.resume?.();
      const raw = res.headers?.['x-docker-container-path-stat'];
      if (!raw) throw new BerthError('internal', 'the engine sent no stat for the path');
      return JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as PathStat;
    } catch (err) {
      if (isNotFound(err)) throw new BerthError('not_found', `no such file or folder in the container: ${path}`);
      throw toBerthError(err);
    }
  }

  private async archive(id: string, path: string): Promise<Readable> {
    try {
      return (await this.container(id).getArchive({ path })) as unknown as Readable;
    } catch (err) {
      if (isNotFound(err)) throw new BerthError('not_found', `no such file or folder in the container: ${path}`);
      throw toBerthError(err);
    }
  }

  /**
   * One folder's entries, read from the headers of its archive (works on stopped containers
   * and needs nothing in the image). Bounded: a huge folder comes back truncated.
   */
  async listFiles(input: { id: string; path: string }): Promise<DirListing> {
    const dir = input.path.replace(/\/+$/, '') || '/';
    const st = await this.stat(input.id, dir);
    const isLink = (st.mode & FILE_MODE_SYMLINK) !== 0;
    if (!isLink && (st.mode & FILE_MODE_DIR) === 0) throw new BerthError('invalid_input', `not a folder: ${dir}`);
    const stream = await this.archive(input.id, dir === '/' ? '/.' : `${dir}/.`);
    const entries: FileEntry[] = [];
    let bytes = 0;
    let truncated = false;
    stream.on('data', (c: Buffer) => (bytes += c.length));
    await readTar(stream, async (h) => {
      if (bytes > FILES_LIST_MAX_BYTES || entries.length >= FILES_LIST_MAX_ENTRIES) {
        truncated = true;
        return false;
      }
      const rel = h.name.replace(/^\.\//, '').replace(/\/$/, '');
      if (!rel || rel === '.' || rel.includes('/')) return true;
      entries.push({
        name: rel,
        type:
          h.type === 'directory'
            ? 'dir'
            : h.type === 'symlink'
              ? 'symlink'
              : h.type === 'file' || h.type === 'link'
                ? 'file'
                : 'other',
        size: h.size,
        mode: h.mode & 0o7777,
        mtime: h.mtime.getTime(),
        ...(h.type === 'symlink' || h.type === 'link' ? { linkTarget: h.linkname } : {}),
      });
      return true;
    });
    entries.sort((a, b) => Number(b.type === 'dir') - Number(a.type === 'dir') || a.name.localeCompare(b.name));
    return { path: isLink && st.linkTarget ? st.linkTarget : dir, entries, truncated };
  }

  /** `docker cp c:path -`: a file's own bytes (symlinks followed), or a folder as tar. */
  async download(input: { id: string; path: string }): Promise<FileDownload> {
    let path = input.path.replace(/\/+$/, '') || '/';
    let st = await this.stat(input.id, path);
    for (let hops = 0; (st.mode & FILE_MODE_SYMLINK) !== 0 && st.linkTarget && hops < 8; hops++) {
      path = st.linkTarget.startsWith('/') ? st.linkTarget : posix.join(posix.dirname(path), st.linkTarget);
      st = await this.stat(input.id, path);
    }
    const base = path === '/' ? 'root' : posix.basename(path);
    if ((st.mode & FILE_MODE_DIR) !== 0) {
      const tar = await collect(await this.archive(input.id, path), FILES_TRANSFER_LIMIT);
      return { kind: 'tar', name: `${base}.tar`, bytes: new Uint8Array(tar) };
    }
    if (st.size > FILES_TRANSFER_LIMIT) {
      throw new BerthError('invalid_input', `${path} is larger than 64 MiB: use docker cp`);
    }
    let bytes: Buffer | undefined;
    await readTar(await this.archive(input.id, path), async (_h, body) => {
      bytes = await collect(body, FILES_TRANSFER_LIMIT);
      return false;
    });
    return { kind: 'file', name: base, bytes: new Uint8Array(bytes ?? Buffer.alloc(0)) };
  }

  uploadChunk(input: { uploadId: string; index: number; bytes: Uint8Array }): { received: number } {
    let u = this.uploads.get(input.uploadId);
    if (!u) {
      if (this.uploads.size >= MAX_UPLOADS) throw new BerthError('conflict', 'too many uploads at once');
      u = { chunks: [], bytes: 0, timer: setTimeout(() => {}, 0) };
      this.uploads.set(input.uploadId, u);
    }
    if (input.index !== u.chunks.length) {
      this.dropUpload(input.uploadId);
      throw new BerthError('invalid_input', `chunk ${input.index} out of order (expected ${u.chunks.length})`);
    }
    u.bytes += input.bytes.byteLength;
    if (u.bytes > FILES_TRANSFER_LIMIT) {
      this.dropUpload(input.uploadId);
      throw new BerthError('invalid_input', 'uploads are limited to 64 MiB: use docker cp');
    }
    u.chunks.push(Buffer.from(input.bytes));
    clearTimeout(u.timer);
    u.timer = setTimeout(() => this.dropUpload(input.uploadId), UPLOAD_IDLE_MS);
    u.timer.unref?.();
    return { received: u.bytes };
  }

  private dropUpload(id: string): void {
    const u = this.uploads.get(id);
    if (u) clearTimeout(u.timer);
    this.uploads.delete(id);
  }

  /** `docker cp - c:dir`: the staged bytes as files, packed into a tar and put into `dir`. */
  async uploadCommit(input: {
    uploadId: string;
    id: string;
    dir: string;
    files: { path: string; size: number }[];
  }): Promise<{ files: number; bytes: number }> {
    const u = this.uploads.get(input.uploadId);
    if (!u) throw new BerthError('not_found', 'no such upload (it may have expired)');
    this.dropUpload(input.uploadId);
    const data = Buffer.concat(u.chunks);
    const total = input.files.reduce((n, f) => n + f.size, 0);
    if (total !== data.length) {
      throw new BerthError('invalid_input', `the files add up to ${total} bytes, ${data.length} were sent`);
    }
    const st = await this.stat(input.id, input.dir);
    if ((st.mode & FILE_MODE_DIR) === 0 && !st.linkTarget)
      throw new BerthError('invalid_input', `not a folder: ${input.dir}`);
    const tar = pack();
    const now = new Date();
    const dirs = new Set<string>();
    let offset = 0;
    for (const f of input.files) {
      const parts = f.path.split('/');
      for (let k = 1; k < parts.length; k++) {
        const d = parts.slice(0, k).join('/');
        if (dirs.has(d)) continue;
        dirs.add(d);
        tar.entry({ name: `${d}/`, type: 'directory', mode: 0o755, mtime: now });
      }
      tar.entry({ name: f.path, mode: 0o644, mtime: now }, data.subarray(offset, offset + f.size));
      offset += f.size;
    }
    tar.finalize();
    const archive = await collect(tar as unknown as Readable, FILES_TRANSFER_LIMIT + 1024 * 1024 * 16);
    try {
      await this.container(input.id).putArchive(archive, { path: input.dir });
    } catch (err) {
      throw toBerthError(err);
    }
    return { files: input.files.length, bytes: data.length };
  }

  async commit(input: {
    id: string;
    repo: string;
    tag: string;
    message: string;
    author: string;
    pause: boolean;
  }): Promise<{ imageId: string }> {
    const query: Record<string, string | boolean> = {
      container: input.id,
      repo: input.repo,
      tag: input.tag,
      pause: input.pause,
    };
    if (input.message) query.comment = input.message;
    if (input.author) query.author = input.author;
    const r = await new Promise<{ Id: string }>((resolve, reject) => {
      this.engine.api().modem.dial(
        {
          path: '/commit?',
          method: 'POST',
          options: { _query: query, _body: {} },
          statusCodes: { 200: true, 201: true, 404: 'no such container', 500: 'server error' },
        },
        (err: unknown, data: unknown) => (err ? reject(err) : resolve(data as { Id: string })),
      );
    });
    return { imageId: r.Id };
  }

  dispose(): void {
    for (const id of [...this.uploads.keys()]) this.dropUpload(id);
  }
}

/**
 * The old container's anonymous volumes, mounted again where the new one would get a fresh
 * anonymous volume (its `-v /path` and its image's VOLUMEs), as compose does: their data stays.
 */
function reattachAnonymousVolumes(req: CreateRequest, old: Docker.ContainerInspectInfo, imageVolumes: string[]): void {
  const hc = req.body.HostConfig as { Binds: string[] | null; Mounts?: { Target: string }[] };
  const volumes = req.body.Volumes as Record<string, object>;
  const taken = new Set<string>([
    ...(hc.Binds ?? []).map((b) => b.split(':')[1] ?? ''),
    ...(hc.Mounts ?? []).map((m) => m.Target),
  ]);
  const named = new Set<string>([
    ...((old.HostConfig.Binds as string[] | null) ?? []).map((b) => b.split(':')[0] ?? ''),
    ...((old.HostConfig as { Mounts?: { Source?: string }[] }).Mounts ?? []).map((m) => m.Source ?? ''),
  ]);
  for (const m of old.Mounts ?? []) {
    if (m.Type !== 'volume' || !m.Name || named.has(m.Name) || !/^[a-f0-9]{64}$/.test(m.Name)) continue;
    if (taken.has(m.Destination)) continue;
    if (!(m.Destination in volumes) && !imageVolumes.includes(m.Destination)) continue;
    hc.Binds = [...(hc.Binds ?? []), `${m.Name}:${m.Destination}${m.RW ? '' : ':ro'}`];
    delete volumes[m.Destination];
    taken.add(m.Destination);
  }
}
