/**
 * RunSpec -> the engine's create request, built as the docker CLI (20.10 … 28) builds it for
 * the same flags, so that a container run from Berth inspects like one run from the CLI:
 * `-v` named/bind -> HostConfig.Binds, `-v /path` -> Config.Volumes, `--mount` -> HostConfig.Mounts,
 * `-p` -> ExposedPorts + PortBindings (ranges expanded), `--cpus` -> NanoCpus, and so on.
 * Also: which host powers a spec grants (main refuses unconfirmed ones), and the way back,
 * from a container's inspect data to a spec (for "copy as docker run" and "edit and recreate").
 */
import { homedir } from 'node:os';
import { posix } from 'node:path';
import type Docker from 'dockerode';
import {
  emptyRunSpec,
  normalizeMount,
  RunSpec as RunSpecSchema,
  type MountSpec,
  type PortSpec,
  type RunSpec,
  type SpecFromContainer,
} from '../../preload/contract/containers.contract';
import { BerthError, type ErrorIssue } from '../../preload/contract/errors';
import { normalizeCapability, portRange, specProblems } from '../../preload/contract/run-line';

export interface CreateRequest {
  /** Query: name and platform. */
  query: { name?: string; platform?: string };
  /** The JSON body of POST /containers/create. */
  body: Record<string, unknown>;
}

export interface BuildOptions {
  /** For `~/` in bind sources (the user's home, as their shell would expand it). */
  home?: string;
}

const kvMap = (entries: readonly string[]): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const e of entries) {
    const eq = e.indexOf('=');
    if (eq < 0) out[e] = '';
    else out[e.slice(0, eq)] = e.slice(eq + 1);
  }
  return out;
};

/** `~` and `~/x` as the shell expands them. */
export function expandHome(path: string, home = homedir()): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return posix.join(home, path.slice(2));
  return path;
}

/** "1.5" -> 1500000000, exactly (the CLI refuses more than nine decimals). */
export function nanoCpus(cpus: string): number {
  const [int = '0', frac = ''] = cpus.split('.');
  return Number(int) * 1e9 + Number(frac.padEnd(9, '0').slice(0, 9));
}

/** `-p` rows expanded as nat.ParsePortSpec does: one binding per container port. */
function portBindings(ports: readonly PortSpec[]): {
  exposed: Record<string, object>;
  bindings: Record<string, { HostIp: string; HostPort: string }[]>;
} {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of ports) {
    const [c0, c1] = portRange(p.containerPort) ?? [0, -1];
    const host = p.hostPort ? portRange(p.hostPort, true) : undefined;
    for (let k = 0; k <= c1 - c0; k++) {
      const key = `${c0 + k}/${p.proto}`;
      let hostPort = '';
      if (host) {
        const [h0, h1] = host;
        // A single container port with a host range: the engine picks one port in the range.
        hostPort = c0 === c1 && h0 !== h1 ? `${h0}-${h1}` : String(h0 + k);
      }
      exposed[key] = {};
      (bindings[key] ??= []).push({ HostIp: p.hostIp, HostPort: hostPort });
    }
  }
  return { exposed, bindings };
}

function exposeKeys(expose: readonly string[]): string[] {
  const out: string[] = [];
  for (const e of expose) {
    const [port = '', proto = 'tcp'] = e.split('/');
    const [a, b] = portRange(port) ?? [0, -1];
    for (let k = a; k <= b; k++) out.push(`${k}/${proto.toLowerCase()}`);
  }
  return out;
}

function mountObject(m: MountSpec, home: string | undefined): Record<string, unknown> {
  const o: Record<string, unknown> = { Type: m.type === 'bind' ? 'bind' : 'volume' };
  if (m.source) o.Source = m.type === 'bind' ? expandHome(m.source, home) : m.source;
  o.Target = m.target;
  if (m.readOnly) o.ReadOnly = true;
  const propagation = m.options.find((x) =>
    ['rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave'].includes(x),
  );
  if (m.type === 'bind' && propagation) o.BindOptions = { Propagation: propagation };
  if (m.type !== 'bind' && m.options.includes('nocopy')) o.VolumeOptions = { NoCopy: true };
  return o;
}

/** `--device /dev/x[:/dev/y][:rwm]` as the CLI's parseDevice reads it. */
export function parseDevice(raw: string): { PathOnHost: string; PathInContainer: string; CgroupPermissions: string } {
  const parts = raw.split(':');
  const src = parts[0] ?? '';
  let dst = src;
  let perms = 'rwm';
  const isMode = (s: string) => /^[rwm]{1,3}$/.test(s);
  if (parts.length === 3) {
    dst = parts[1] || src;
    perms = parts[2] || perms;
  } else if (parts.length === 2) {
    if (isMode(parts[1] ?? '')) perms = parts[1] as string;
    else dst = parts[1] || src;
  }
  return { PathOnHost: src, PathInContainer: dst, CgroupPermissions: perms };
}

function ulimit(raw: string): { Name: string; Soft: number; Hard: number } {
  const [name = '', limits = ''] = raw.split('=');
  const [soft = '0', hard] = limits.split(':');
  return { Name: name, Soft: Number(soft), Hard: Number(hard ?? soft) };
}

/** Problems as the contract's issues, with paths from the call's input ("spec.ports.0.hostPort"). */
export function checkSpec(spec: RunSpec): void {
  const problems = specProblems(spec);
  if (problems.length) {
    const issues: ErrorIssue[] = problems.map((p) => ({ path: `spec.${p.path}`, message: p.message }));
    throw new BerthError('invalid_input', `${problems[0]?.path}: ${problems[0]?.message}`, issues);
  }
}

/** The create request the docker CLI would send for this spec. Throws invalid_input (with issues). */
export function buildCreateRequest(spec: RunSpec, opts: BuildOptions = {}): CreateRequest {
  checkSpec(spec);
  const home = opts.home;
  const mounts = spec.mounts.map(normalizeMount);
  const attached = !spec.detach;
  const binds = mounts
    .filter((m) => !m.viaMount && m.type !== 'anonymous')
    .map((m) => {
      const src = m.type === 'bind' ? expandHome(m.source, home) : m.source;
      return m.options.length ? `${src}:${m.target}:${m.options.join(',')}` : `${src}:${m.target}`;
    });
  const volumes: Record<string, object> = {};
  for (const m of mounts) if (!m.viaMount && m.type === 'anonymous') volumes[m.target] = {};
  const { exposed, bindings } = portBindings(spec.ports);
  for (const k of exposeKeys(spec.expose)) exposed[k] = {};
  const network = spec.network || 'default';

  const hostConfig: Record<string, unknown> = {
    Binds: binds.length ? binds : null,
    NetworkMode: network,
    PortBindings: bindings,
    RestartPolicy: { Name: spec.restart.name, MaximumRetryCount: spec.restart.maxRetries },
    AutoRemove: spec.autoRemove,
    VolumesFrom: spec.volumesFrom.length ? [...spec.volumesFrom] : null,
    CapAdd: spec.capAdd.length ? [...new Set(spec.capAdd.map(normalizeCapability))].sort() : null,
    CapDrop: spec.capDrop.length ? [...new Set(spec.capDrop.map(normalizeCapability))].sort() : null,
    Dns: [...spec.dns],
    DnsOptions: [...spec.dnsOptions],
    DnsSearch: [...spec.dnsSearch],
    ExtraHosts: spec.extraHosts.length ? spec.extraHosts.map((h) => h.replace(/^([^:=]+)=/, '$1:')) : null,
    GroupAdd: spec.groupAdd.length ? [...spec.groupAdd] : null,
    IpcMode: spec.ipc,
    PidMode: spec.pid,
    UTSMode: spec.uts,
    Privileged: spec.privileged,
    PublishAllPorts: spec.publishAll,
    ReadonlyRootfs: spec.readOnly,
    LogConfig: { Type: spec.logDriver, Config: kvMap(spec.logOpts) },
    ShmSize: spec.shmSize,
    Memory: spec.memory,
    MemoryReservation: spec.memoryReservation,
    MemorySwap: spec.memorySwap,
    MemorySwappiness: -1,
    NanoCpus: spec.cpus ? nanoCpus(spec.cpus) : 0,
    CpuShares: spec.cpuShares,
    CpusetCpus: spec.cpusetCpus,
    Devices: spec.devices.map(parseDevice),
    Ulimits: spec.ulimits.map(ulimit),
  };
  if (spec.tmpfs.length) {
    hostConfig.Tmpfs = Object.fromEntries(
      spec.tmpfs.map((t) => {
        const c = t.indexOf(':');
        return c < 0 ? [t, ''] : [t.slice(0, c), t.slice(c + 1)];
      }),
    );
  }
  if (spec.sysctls.length) hostConfig.Sysctls = kvMap(spec.sysctls);
  const viaMount = mounts.filter((m) => m.viaMount).map((m) => mountObject(m, home));
  if (viaMount.length) hostConfig.Mounts = viaMount;
  if (spec.init) hostConfig.Init = true;

  const body: Record<string, unknown> = {
    Hostname: spec.hostname,
    Domainname: '',
    User: spec.user,
    AttachStdin: attached && spec.interactive,
    AttachStdout: attached,
    AttachStderr: attached,
    Tty: spec.tty,
    OpenStdin: spec.interactive,
    StdinOnce: attached && spec.interactive,
    Env: spec.env.length ? [...spec.env] : null,
    Cmd: spec.cmd.length ? [...spec.cmd] : null,
    Image: spec.image,
    Volumes: volumes,
    WorkingDir: spec.workdir,
    Entrypoint: spec.entrypoint ? [...spec.entrypoint] : null,
    Labels: kvMap(spec.labels),
    HostConfig: hostConfig,
  };
  if (Object.keys(exposed).length) body.ExposedPorts = exposed;
  if (spec.stopSignal) body.StopSignal = spec.stopSignal;
  if (spec.stopTimeout !== undefined) body.StopTimeout = spec.stopTimeout;
  if (spec.networkAliases.length) {
    body.NetworkingConfig = { EndpointsConfig: { [network]: { Aliases: [...spec.networkAliases] } } };
  }
  const query: CreateRequest['query'] = {};
  if (spec.name) query.name = spec.name;
  if (spec.platform) query.platform = spec.platform;
  return { query, body };
}

// ------------------------------------------------------------------------------------------
// Host power
// ------------------------------------------------------------------------------------------

const ENGINE_SOCKETS = ['/var/run/docker.sock', '/run/docker.sock', '/run/containerd/containerd.sock'];
/** Host folders whose bind gives the container the host (or its secrets, devices, kernel). */
const SYSTEM_PATHS = ['/', '/etc', '/root', '/boot', '/usr', '/bin', '/sbin', '/lib', '/var/lib/docker'];
/** Folders whose every descendant is sensitive too. */
const SYSTEM_TREES = ['/proc', '/sys', '/dev', '/boot', '/var/lib/docker', '/var/lib/containerd', '/run/containerd'];

const normalizePath = (p: string) => {
  const n = posix.normalize(p);
  return n.length > 1 ? n.replace(/\/+$/, '') : n;
};
const isWithin = (p: string, dir: string) => p === dir || p.startsWith(`${dir}/`);

/** The bind sources of a spec that hand over the host: `/`, the engine socket (or a folder holding it), system folders. */
export function sensitiveBind(source: string, sockets: readonly string[]): boolean {
  const p = normalizePath(source);
  if (SYSTEM_PATHS.includes(p)) return true;
  if (SYSTEM_TREES.some((t) => isWithin(p, t))) return true;
  if (/(docker|containerd|podman)\.sock$/.test(p)) return true;
  // The socket itself, or any folder on the way to it (binding /var/run hands over the socket too).
  return sockets.some((s) => isWithin(normalizePath(s), p));
}

/**
 * Exactly what this spec hands over of the host, as grant ids (see HostGrant in the contract):
 * `privileged`, `pid=host`, `network=host`, `ipc=host`, `uts=host`, `cap-add=CAP_X`,
 * `device=/dev/x`, `bind=/path`.
 */
export function hostPowerGrants(spec: RunSpec, opts: BuildOptions & { socketPaths?: string[] } = {}): string[] {
  const grants: string[] = [];
  const sockets = [...ENGINE_SOCKETS, ...(opts.socketPaths ?? [])];
  if (spec.privileged) grants.push('privileged');
  if (spec.pid === 'host') grants.push('pid=host');
  if (spec.network === 'host') grants.push('network=host');
  if (spec.ipc === 'host') grants.push('ipc=host');
  if (spec.uts === 'host') grants.push('uts=host');
  for (const c of spec.capAdd) grants.push(`cap-add=${normalizeCapability(c)}`);
  for (const d of spec.devices) grants.push(`device=${parseDevice(d).PathOnHost}`);
  for (const m of spec.mounts) {
    if (m.type !== 'bind') continue;
    const src = normalizePath(expandHome(m.source, opts.home));
    if (sensitiveBind(src, sockets)) grants.push(`bind=${src}`);
  }
  return [...new Set(grants)];
}

/** Refuse (creating nothing) unless every grant the spec needs was confirmed. */
export function requireHostPower(grants: readonly string[], confirmed: readonly string[]): void {
  const missing = grants.filter((g) => !confirmed.includes(g));
  if (!missing.length) return;
  throw new BerthError(
    'permission_denied',
    `this container gets power over the host, which needs confirming: ${missing.join(', ')}`,
    grants.map((g) => ({ path: 'confirmHostPower', message: g })),
  );
}

// ------------------------------------------------------------------------------------------
// Inspect -> spec
// ------------------------------------------------------------------------------------------

type Inspect = Docker.ContainerInspectInfo & {
  HostConfig: Docker.HostConfig & Record<string, unknown>;
  Config: Docker.ContainerInspectInfo['Config'] & Record<string, unknown>;
};
type ImageConfig = {
  Cmd?: string[] | null;
  Entrypoint?: string[] | string | null;
  Env?: string[] | null;
  Labels?: Record<string, string> | null;
  ExposedPorts?: Record<string, unknown> | null;
  Volumes?: Record<string, unknown> | null;
  WorkingDir?: string;
  User?: string;
  StopSignal?: string;
};

const sameList = (a: readonly string[] | null | undefined, b: readonly string[] | null | undefined) =>
  JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
const asList = (v: string[] | string | null | undefined): string[] => (v == null ? [] : Array.isArray(v) ? v : [v]);

/** A `-v` Binds entry back into a mount. */
function bindToMount(bind: string): MountSpec | undefined {
  const parts = bind.split(':');
  if (parts.length < 2 || parts.length > 3) return undefined;
  const [source = '', target = '', mode = ''] = parts;
  const options = (mode ? mode.split(',') : []) as MountSpec['options'];
  const type = source.startsWith('/') ? 'bind' : 'volume';
  return normalizeMount({ type, source, target, readOnly: options.includes('ro'), options, viaMount: false });
}

function mountToSpec(m: Record<string, unknown>): MountSpec | undefined {
  const type = m.Type === 'bind' ? 'bind' : m.Type === 'volume' ? 'volume' : undefined;
  if (!type) return undefined;
  const source = typeof m.Source === 'string' ? m.Source : '';
  const options: MountSpec['options'] = [];
  const prop = (m.BindOptions as { Propagation?: string } | undefined)?.Propagation;
  if (prop) options.push(prop as MountSpec['options'][number]);
  if ((m.VolumeOptions as { NoCopy?: boolean } | undefined)?.NoCopy) options.push('nocopy');
  return normalizeMount({
    type: type === 'volume' && !source ? 'anonymous' : type,
    source,
    target: String(m.Target ?? ''),
    readOnly: m.ReadOnly === true,
    options,
    viaMount: true,
  });
}

/** What a container was made with, minus what its image brings: the spec that makes it again. */
export function specFromInspect(
  c: Inspect,
  image: ImageConfig | undefined,
  daemonLogDriver = 'json-file',
): SpecFromContainer {
  const cfg = c.Config;
  const hc = c.HostConfig;
  const img = image ?? {};
  const unsupported: string[] = [];
  const spec = emptyRunSpec(cfg.Image);
  spec.name = c.Name.replace(/^\//, '');

  // Command: the image's own CMD/ENTRYPOINT are left out (docker run did not say them).
  const entry = asList(cfg.Entrypoint as string[] | string | null);
  const sameEntry = sameList(entry, asList(img.Entrypoint));
  if (!sameEntry) spec.entrypoint = entry.length ? entry : [''];
  const cmd = asList(cfg.Cmd as string[] | null);
  if (!sameEntry || !sameList(cmd, asList(img.Cmd))) spec.cmd = cmd;

  spec.tty = !!cfg.Tty;
  spec.interactive = !!cfg.OpenStdin;
  spec.detach = !cfg.AttachStdout;
  const imageEnv = new Set(img.Env ?? []);
  spec.env = (cfg.Env ?? []).filter((e) => !imageEnv.has(e));
  const imageLabels = img.Labels ?? {};
  spec.labels = Object.entries(cfg.Labels ?? {})
    .filter(([k, v]) => imageLabels[k] !== v)
    .map(([k, v]) => `${k}=${v}`);
  if (cfg.WorkingDir && cfg.WorkingDir !== (img.WorkingDir ?? '')) spec.workdir = cfg.WorkingDir;
  if (cfg.User && cfg.User !== (img.User ?? '')) spec.user = cfg.User;
  if (cfg.Hostname && !c.Id.startsWith(cfg.Hostname) && hc.NetworkMode !== 'host') spec.hostname = cfg.Hostname;
  const stopSignal = cfg.StopSignal as string | undefined;
  if (stopSignal && stopSignal !== (img.StopSignal ?? '')) spec.stopSignal = stopSignal;
  if (typeof cfg.StopTimeout === 'number') spec.stopTimeout = cfg.StopTimeout;
  if (cfg.Domainname) unsupported.push(`--domainname ${cfg.Domainname}`);
  if (cfg.Healthcheck) unsupported.push('--health-cmd (health check)');

  // Ports: every binding; --expose for exposed ports neither bound nor from the image.
  const bound = new Set<string>();
  for (const [key, list] of Object.entries(hc.PortBindings ?? {})) {
    const [port = '', proto = 'tcp'] = key.split('/');
    bound.add(key);
    for (const b of (list as { HostIp?: string; HostPort?: string }[] | null) ?? []) {
      spec.ports.push({
        hostIp: b.HostIp ?? '',
        hostPort: b.HostPort ?? '',
        containerPort: port,
        proto: proto as PortSpec['proto'],
      });
    }
  }
  const imagePorts = new Set(Object.keys(img.ExposedPorts ?? {}));
  for (const key of Object.keys(cfg.ExposedPorts ?? {})) {
    if (bound.has(key) || imagePorts.has(key)) continue;
    spec.expose.push(key.endsWith('/tcp') ? key.slice(0, -4) : key);
  }
  spec.publishAll = !!hc.PublishAllPorts;

  // Mounts: -v binds, --mount mounts, anonymous -v volumes (not the image's own VOLUMEs).
  const targets = new Set<string>();
  for (const b of hc.Binds ?? []) {
    const m = bindToMount(b);
    if (m) {
      spec.mounts.push(m);
      targets.add(m.target);
    } else unsupported.push(`-v ${b}`);
  }
  for (const m of (hc.Mounts as Record<string, unknown>[] | undefined) ?? []) {
    const s = mountToSpec(m);
    if (s) {
      spec.mounts.push(s);
      targets.add(s.target);
    } else unsupported.push(`--mount type=${String(m.Type)}`);
  }
  const imageVolumes = new Set(Object.keys(img.Volumes ?? {}));
  for (const t of Object.keys((cfg.Volumes as Record<string, unknown> | null) ?? {})) {
    if (targets.has(t) || imageVolumes.has(t)) continue;
    spec.mounts.push({ type: 'anonymous', source: '', target: t, readOnly: false, options: [], viaMount: false });
  }
  for (const [t, o] of Object.entries((hc.Tmpfs as Record<string, string> | undefined) ?? {})) {
    spec.tmpfs.push(o ? `${t}:${o}` : t);
  }
  spec.volumesFrom = [...((hc.VolumesFrom as string[] | null) ?? [])];

  // Network.
  const mode = hc.NetworkMode ?? '';
  spec.network = mode === 'default' ? '' : mode;
  const ep = (c.NetworkSettings?.Networks as Record<string, { Aliases?: string[] | null }> | undefined)?.[mode];
  const shortId = c.Id.slice(0, 12);
  spec.networkAliases = (ep?.Aliases ?? []).filter((a) => a !== shortId && a !== c.Id && a !== spec.name);
  const otherNetworks = Object.keys(c.NetworkSettings?.Networks ?? {}).filter(
    (n) => n !== mode && !(mode === 'default' && n === 'bridge'),
  );
  for (const n of otherNetworks) unsupported.push(`network ${n} (connected after creation: connect it again)`);

  spec.restart = {
    name: ((hc.RestartPolicy?.Name || 'no') as RunSpec['restart']['name']) ?? 'no',
    maxRetries: hc.RestartPolicy?.MaximumRetryCount ?? 0,
  };
  spec.autoRemove = !!hc.AutoRemove;
  spec.memory = hc.Memory ?? 0;
  spec.memoryReservation = hc.MemoryReservation ?? 0;
  spec.memorySwap = hc.MemorySwap ?? 0;
  // The engine fills in 64m: only another size was asked for.
  spec.shmSize = hc.ShmSize && hc.ShmSize !== 64 * 1024 * 1024 ? hc.ShmSize : 0;
  const nano = (hc.NanoCpus as number | undefined) ?? 0;
  if (nano) spec.cpus = String(nano / 1e9);
  spec.cpuShares = hc.CpuShares ?? 0;
  spec.cpusetCpus = hc.CpusetCpus ?? '';
  spec.privileged = !!hc.Privileged;
  spec.pid = hc.PidMode ?? '';
  const ipc = hc.IpcMode ?? '';
  spec.ipc = ['private', 'shareable', ''].includes(ipc) ? '' : ipc;
  spec.uts = (hc.UTSMode as string | undefined) ?? '';
  spec.capAdd = [...((hc.CapAdd as string[] | null) ?? [])];
  spec.capDrop = [...((hc.CapDrop as string[] | null) ?? [])];
  spec.devices = (
    (hc.Devices as { PathOnHost: string; PathInContainer: string; CgroupPermissions: string }[] | null) ?? []
  ).map(
    (d) =>
      `${d.PathOnHost}${d.PathInContainer && d.PathInContainer !== d.PathOnHost ? `:${d.PathInContainer}` : ''}${
        d.CgroupPermissions && d.CgroupPermissions !== 'rwm' ? `:${d.CgroupPermissions}` : ''
      }`,
  );
  spec.init = hc.Init === true;
  spec.readOnly = !!hc.ReadonlyRootfs;
  spec.extraHosts = [...((hc.ExtraHosts as string[] | null) ?? [])];
  spec.dns = [...((hc.Dns as string[] | null) ?? [])];
  spec.dnsSearch = [...((hc.DnsSearch as string[] | null) ?? [])];
  spec.dnsOptions = [...((hc.DnsOptions as string[] | null) ?? [])];
  const log = hc.LogConfig as { Type?: string; Config?: Record<string, string> } | undefined;
  const logOpts = Object.entries(log?.Config ?? {}).map(([k, v]) => `${k}=${v}`);
  if (log?.Type && (log.Type !== daemonLogDriver || logOpts.length)) spec.logDriver = log.Type;
  spec.logOpts = logOpts;
  spec.ulimits = ((hc.Ulimits as { Name: string; Soft: number; Hard: number }[] | null) ?? []).map(
    (u) => `${u.Name}=${u.Soft}${u.Hard !== u.Soft ? `:${u.Hard}` : ''}`,
  );
  spec.sysctls = Object.entries((hc.Sysctls as Record<string, string> | undefined) ?? {}).map(([k, v]) => `${k}=${v}`);
  spec.groupAdd = [...((hc.GroupAdd as string[] | null) ?? [])];

  // The engine adds label=disable itself for host pid/ipc and privileged containers.
  const securityOpt = ((hc.SecurityOpt as string[] | null) ?? []).filter(
    (o) =>
      !(
        ['label=disable', 'label:disable'].includes(o) &&
        (spec.privileged || spec.pid === 'host' || spec.ipc === 'host')
      ),
  );
  if (securityOpt.length) unsupported.push(`--security-opt ${securityOpt.join(' ')}`);
  if ((hc.Links as string[] | null)?.length) unsupported.push('--link');
  if ((hc.DeviceRequests as unknown[] | null)?.length) unsupported.push('--gpus');
  if (hc.PidsLimit) unsupported.push(`--pids-limit ${String(hc.PidsLimit)}`);
  if (hc.UsernsMode) unsupported.push(`--userns ${String(hc.UsernsMode)}`);

  const parsed = RunSpecSchema.safeParse(spec);
  if (!parsed.success) {
    throw new BerthError(
      'internal',
      `cannot express this container as a run spec: ${parsed.error.issues[0]?.message ?? ''}`,
    );
  }
  return { spec: parsed.data, unsupported };
}
