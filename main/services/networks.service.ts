import type Docker from 'dockerode';
import { BerthError } from '../../preload/contract/errors';
import {
  cidrContains,
  isBuiltInNetwork,
  parseCidr,
  parseIP,
  type Cidr,
  type ConnectivityAttempt,
  type ConnectivityResult,
  type NetworkMember,
  type NetworkSummary,
  type NetworksPrunePreview,
  type NetworksPruneResult,
} from '../../preload/contract/networks.contract';
import type { EngineConnection } from '../engine/engine-connection';
import { toBerthError } from '../engine/errors';
import { HELPER_LABEL } from './helper-label';

/** How long one connectivity probe may take (ping itself waits 2 s). */
const PROBE_TIMEOUT_MS = 8000;
/** Probe output kept per stream. */
const PROBE_OUTPUT_LIMIT = 16 * 1024;

// ---------------------------------------------------------------------------
// Non-TTY exec output: frames of [stream, 0, 0, 0, size (uint32 BE)] + payload.
// ---------------------------------------------------------------------------

/** A push demultiplexer for the engine's non-TTY stream format (any chunk split). */
export class Demuxer {
  private buf: Buffer = Buffer.alloc(0);

  constructor(private readonly onFrame: (stream: 0 | 1 | 2, payload: Buffer) => void) {}

  push(chunk: Uint8Array): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : Buffer.from(chunk);
    while (this.buf.length >= 8) {
      const kind = this.buf[0] as number;
      const size = this.buf.readUInt32BE(4);
      if (kind > 2) {
        // Not a multiplexed stream after all: pass it through as stdout.
        this.onFrame(1, this.buf);
        this.buf = Buffer.alloc(0);
        return;
      }
      if (this.buf.length < 8 + size) return;
      this.onFrame(kind as 0 | 1 | 2, this.buf.subarray(8, 8 + size));
      this.buf = this.buf.subarray(8 + size);
    }
  }
}

export interface ExecOutcome {
  exitCode?: number;
  output: string;
  timedOut: boolean;
  /** The command does not exist in the container (exit 126/127, "not found"). */
  missing: boolean;
}

const MISSING = /executable file not found|no such file or directory|: not found|command not found|applet not found/i;

/** Run a command in a running container, non-TTY, and collect its output and exit code. */
export async function runExec(container: Docker.Container, cmd: string[], timeoutMs = PROBE_TIMEOUT_MS) {
  let exec: Docker.Exec;
  let stream: NodeJS.ReadWriteStream;
  try {
    exec = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, AttachStdin: false, Tty: false });
    stream = (await exec.start({ hijack: true, stdin: false, Detach: false, Tty: false } as never)) as never;
  } catch (e) {
    const err = toBerthError(e);
    if (MISSING.test(err.message)) return { output: err.message, timedOut: false, missing: true } as ExecOutcome;
    throw err;
  }
  const out: Buffer[] = [];
  let kept = 0;
  const demux = new Demuxer((_s, payload) => {
    if (kept >= PROBE_OUTPUT_LIMIT) return;
    const part = payload.subarray(0, PROBE_OUTPUT_LIMIT - kept);
    kept += part.length;
    out.push(Buffer.from(part));
  });
  let ended = false;
  const endedP = new Promise<void>((resolve) => {
    const done = () => {
      ended = true;
      resolve();
    };
    stream.on('data', (c: Buffer) => demux.push(c));
    stream.on('end', done);
    stream.on('close', done);
    stream.on('error', done);
  });
  // Some engines never end the stream: the exec's own state is the truth.
  const deadline = Date.now() + timeoutMs;
  let info: Docker.ExecInspectInfo | undefined;
  let timedOut = false;
  for (;;) {
    const tick = new Promise((r) => setTimeout(r, 100));
    await Promise.race([endedP, tick]);
    info = await exec.inspect().catch(() => undefined);
    if (info && !info.Running) break;
    if (Date.now() > deadline) {
      timedOut = true;
      break;
    }
  }
  if (!ended) await Promise.race([endedP, new Promise((r) => setTimeout(r, 300))]);
  (stream as unknown as { destroy?: () => void }).destroy?.();
  const output = Buffer.concat(out).toString('utf8');
  const exitCode = timedOut ? undefined : (info?.ExitCode ?? undefined);
  const missing =
    exitCode === 127 || (exitCode === 126 && MISSING.test(output)) || (exitCode !== 0 && /exec failed/.test(output));
  return { ...(exitCode != null ? { exitCode } : {}), output, timedOut, missing } as ExecOutcome;
}

// ---------------------------------------------------------------------------

const epochSeconds = (iso: string | undefined): number | undefined => {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isFinite(t) && t > 0 ? Math.floor(t / 1000) : undefined;
};

const nameOf = (c: { Names?: string[]; Id: string }) => (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, '');

/** The user's aliases: the engine adds the container's short id, which says nothing. */
export function userAliases(aliases: unknown, containerId: string): string[] {
  if (!Array.isArray(aliases)) return [];
  return aliases.filter((a): a is string => typeof a === 'string' && a !== containerId.slice(0, 12));
}

interface EngineNetwork {
  Name: string;
  Id: string;
  Created?: string;
  Scope?: string;
  Driver?: string;
  EnableIPv6?: boolean;
  IPAM?: { Config?: { Subnet?: string; Gateway?: string; IPRange?: string }[] | null } | null;
  Internal?: boolean;
  Attachable?: boolean;
  Ingress?: boolean;
  Options?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
  Containers?: Record<string, { Name?: string }> | null;
}

/** The one place engine networks (plus `docker ps -a`'s view of them) turn into NetworkSummary. */
export function toNetworkSummary(
  n: EngineNetwork,
  containers: Docker.ContainerInfo[],
  aliases: Map<string, Record<string, string[]>> = new Map(),
): NetworkSummary {
  const members: NetworkMember[] = [];
  for (const c of containers) {
    if (c.Labels?.[HELPER_LABEL]) continue;
    for (const [netName, info] of Object.entries(c.NetworkSettings?.Networks ?? {})) {
      // A stopped container's entry has no NetworkID yet: match it by name.
      const match = info?.NetworkID ? info.NetworkID === n.Id : netName === n.Name;
      if (!match) continue;
      const active = !!info.EndpointID;
      members.push({
        id: c.Id,
        name: nameOf(c),
        state: c.State,
        image: c.Image,
        active,
        ...(info.IPAddress ? { ipv4: info.IPAddress } : {}),
        ...(info.GlobalIPv6Address ? { ipv6: info.GlobalIPv6Address } : {}),
        ...(info.MacAddress ? { mac: info.MacAddress } : {}),
        aliases: aliases.get(c.Id)?.[netName] ?? [],
      });
    }
  }
  members.sort((a, b) => a.name.localeCompare(b.name));
  const created = epochSeconds(n.Created);
  return {
    id: n.Id,
    name: n.Name,
    driver: n.Driver ?? '',
    scope: n.Scope ?? 'local',
    ...(created !== undefined ? { created } : {}),
    internal: !!n.Internal,
    attachable: !!n.Attachable,
    ingress: !!n.Ingress,
    ipv6: !!n.EnableIPv6,
    builtIn: isBuiltInNetwork(n.Name),
    subnets: (n.IPAM?.Config ?? []).map((c) => ({
      ...(c.Subnet ? { subnet: c.Subnet } : {}),
      ...(c.Gateway ? { gateway: c.Gateway } : {}),
      ...(c.IPRange ? { ipRange: c.IPRange } : {}),
    })),
    labels: n.Labels ?? {},
    options: n.Options ?? {},
    containers: members,
  };
}

/** Run `fn` over items, at most `limit` at a time. */
async function pool<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

// ---------------------------------------------------------------------------
// Connectivity: read what a probe printed.
// ---------------------------------------------------------------------------

const NO_NAME = /bad address|unknown host|name or service not known|can't resolve|nxdomain|no address|not resolve/i;

export function readPing(o: ExecOutcome): {
  resolved: 'yes' | 'no' | 'unknown';
  reached: 'yes' | 'no' | 'unknown';
  address?: string;
} {
  const m = /PING [^\s]+ \(([0-9a-fA-F:.]+)\)/.exec(o.output);
  const address = m?.[1];
  if (o.exitCode === 0) return { resolved: 'yes', reached: 'yes', ...(address ? { address } : {}) };
  if (NO_NAME.test(o.output)) return { resolved: 'no', reached: 'no' };
  if (address) return { resolved: 'yes', reached: 'no', address };
  return { resolved: 'unknown', reached: 'unknown' };
}

export function readLookup(o: ExecOutcome, host: string): { resolved: 'yes' | 'no' | 'unknown'; address?: string } {
  if (o.exitCode === 0) {
    // getent: "10.0.0.3  name"; nslookup: "Name: name\nAddress: 10.0.0.3" (skip the server's own address)
    const getent = /^([0-9a-fA-F:.]+)\s+/m.exec(o.output);
    if (getent?.[1] && !/Server:/i.test(o.output)) return { resolved: 'yes', address: getent[1] };
    const afterName = o.output.split(new RegExp(`Name:\\s*${host.replace(/[.]/g, '\\.')}`, 'i'))[1] ?? '';
    const addr = /Address(?: \d+)?:\s*([0-9a-fA-F:.]+)/.exec(afterName)?.[1];
    return { resolved: 'yes', ...(addr ? { address: addr } : {}) };
  }
  if (o.exitCode === 2 || NO_NAME.test(o.output)) return { resolved: 'no' };
  return { resolved: 'unknown' };
}

export function readWget(o: ExecOutcome): { resolved: 'yes' | 'no' | 'unknown'; reached: 'yes' | 'no' | 'unknown' } {
  if (o.exitCode === 0) return { resolved: 'yes', reached: 'yes' };
  if (NO_NAME.test(o.output)) return { resolved: 'no', reached: 'no' };
  // Refused, or an HTTP answer of any kind: the host is there.
  if (/connection refused|server returned error|HTTP\/|404|403|401|500/i.test(o.output)) {
    return { resolved: 'yes', reached: 'yes' };
  }
  if (o.timedOut || /timed out|no route to host|network is unreachable/i.test(o.output)) {
    return { resolved: 'yes', reached: 'no' };
  }
  return { resolved: 'unknown', reached: 'unknown' };
}

export class NetworksService {
  constructor(private readonly engine: EngineConnection) {}

  private get docker(): Docker {
    return this.engine.api();
  }

  /** Aliases live only in `docker inspect`: read them for containers on user-defined networks. */
  private async aliasesOf(containers: Docker.ContainerInfo[]): Promise<Map<string, Record<string, string[]>>> {
    const wanted = containers.filter(
      (c) =>
        !c.Labels?.[HELPER_LABEL] && Object.keys(c.NetworkSettings?.Networks ?? {}).some((n) => !isBuiltInNetwork(n)),
    );
    const rows = await pool(wanted, 8, async (c) => {
      try {
        const info = await this.docker.getContainer(c.Id).inspect();
        const nets = (info.NetworkSettings?.Networks ?? {}) as Record<string, { Aliases?: unknown }>;
        const byNet: Record<string, string[]> = {};
        for (const [net, ep] of Object.entries(nets)) byNet[net] = userAliases(ep?.Aliases, c.Id);
        return [c.Id, byNet] as const;
      } catch {
        return undefined; // removed meanwhile
      }
    });
    return new Map(rows.filter((r): r is readonly [string, Record<string, string[]>] => !!r));
  }

  async list(input: { ids?: string[] | undefined }): Promise<NetworkSummary[]> {
    if (input.ids && input.ids.length === 0) return [];
    const [networks, containers] = await Promise.all([
      this.docker.listNetworks(input.ids ? { filters: JSON.stringify({ id: input.ids }) } : {}) as Promise<
        EngineNetwork[]
      >,
      this.docker.listContainers({ all: true }),
    ]);
    const wanted = input.ids ? networks.filter((n) => input.ids?.includes(n.Id)) : networks;
    const aliases = await this.aliasesOf(containers);
    return wanted.map((n) => toNetworkSummary(n, containers, aliases));
  }

  private async one(id: string): Promise<NetworkSummary> {
    const n = (await this.docker.getNetwork(id).inspect()) as EngineNetwork;
    const [row] = await this.list({ ids: [n.Id] });
    if (!row) throw new BerthError('not_found', `network ${id} is gone`);
    return row;
  }

  async create(input: {
    name: string;
    driver: string;
    subnet?: string | undefined;
    gateway?: string | undefined;
    ipRange?: string | undefined;
    internal: boolean;
    attachable: boolean;
    ipv6: boolean;
    ipv6Subnet?: string | undefined;
    labels: Record<string, string>;
    options: Record<string, string>;
  }): Promise<NetworkSummary> {
    const existing = (await this.docker.listNetworks({
      filters: JSON.stringify({ name: [input.name] }),
    })) as EngineNetwork[];
    if (existing.some((n) => n.Name === input.name)) {
      throw new BerthError('conflict', `a network named "${input.name}" already exists`);
    }
    const config: { Subnet?: string; Gateway?: string; IPRange?: string }[] = [];
    if (input.subnet) {
      config.push({
        Subnet: input.subnet,
        ...(input.gateway ? { Gateway: input.gateway } : {}),
        ...(input.ipRange ? { IPRange: input.ipRange } : {}),
      });
    }
    if (input.ipv6Subnet) config.push({ Subnet: input.ipv6Subnet });
    const net = await this.docker.createNetwork({
      Name: input.name,
      CheckDuplicate: true,
      Driver: input.driver,
      Internal: input.internal,
      Attachable: input.attachable,
      EnableIPv6: input.ipv6,
      Labels: input.labels,
      Options: input.options,
      ...(config.length ? { IPAM: { Driver: 'default', Config: config } } : {}),
    });
    return this.one(net.id);
  }

  async inspect(input: { id: string }): Promise<Record<string, unknown>> {
    return (await this.docker.getNetwork(input.id).inspect()) as unknown as Record<string, unknown>;
  }

  /** Connected containers, from the network's own endpoint list. */
  private connected(n: EngineNetwork): string[] {
    return Object.entries(n.Containers ?? {}).map(([id, c]) => c?.Name || id.slice(0, 12));
  }

  async remove(input: { id: string }): Promise<void> {
    const n = (await this.docker.getNetwork(input.id).inspect()) as EngineNetwork;
    if (isBuiltInNetwork(n.Name)) {
      throw new BerthError('conflict', `"${n.Name}" is a built-in network and cannot be removed`);
    }
    const users = this.connected(n);
    if (users.length) {
      throw new BerthError(
        'conflict',
        `network "${n.Name}" is in use by ${users.length === 1 ? 'container' : 'containers'} ${users.join(', ')}`,
      );
    }
    await this.docker.getNetwork(n.Id).remove();
  }

  async prunePreview(): Promise<NetworksPrunePreview> {
    const all = await this.list({});
    return {
      networks: all
        .filter((n) => !n.builtIn && !n.ingress && !n.containers.some((c) => c.active))
        .map((n) => ({
          id: n.id,
          name: n.name,
          driver: n.driver,
          stoppedContainers: n.containers.map((c) => c.name),
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
  }

  async prune(input: { ids: string[] }): Promise<NetworksPruneResult> {
    const result: NetworksPruneResult = { removed: [], skipped: [] };
    for (const id of [...new Set(input.ids)]) {
      let name = id.slice(0, 12);
      try {
        const n = (await this.docker.getNetwork(id).inspect()) as EngineNetwork;
        name = n.Name;
        if (n.Id !== id) throw new BerthError('not_found', 'it no longer exists');
        if (isBuiltInNetwork(n.Name)) throw new BerthError('conflict', 'it is a built-in network');
        const users = this.connected(n);
        if (users.length) throw new BerthError('conflict', `in use by ${users.join(', ')}`);
        await this.docker.getNetwork(n.Id).remove();
        result.removed.push({ id, name });
      } catch (e) {
        const err = toBerthError(e);
        result.skipped.push({ id, name, reason: err.message, code: err.code });
      }
    }
    return result;
  }

  async connect(input: {
    id: string;
    container: string;
    aliases: string[];
    ipv4?: string | undefined;
    ipv6?: string | undefined;
  }): Promise<void> {
    if (input.ipv4 || input.ipv6) {
      // The engine accepts any address for a container that is not running and fails only at start.
      const n = (await this.docker.getNetwork(input.id).inspect()) as EngineNetwork;
      for (const [family, ip] of [
        [4, input.ipv4],
        [6, input.ipv6],
      ] as const) {
        if (!ip) continue;
        const parsed = parseIP(ip);
        const blocks = (n.IPAM?.Config ?? [])
          .map((c) => (c.Subnet ? parseCidr(c.Subnet) : undefined))
          .filter((c): c is Cidr => !!c && c.family === family);
        if (!blocks.length) {
          throw new BerthError(
            'invalid_input',
            `a fixed IPv${family} address needs a network with a user-configured IPv${family} subnet; ${n.Name} has none`,
          );
        }
        if (!parsed || !blocks.some((b) => cidrContains(b, parsed))) {
          throw new BerthError(
            'invalid_input',
            `${ip} is outside the subnet of ${n.Name} (${(n.IPAM?.Config ?? []).map((c) => c.Subnet).join(', ')})`,
          );
        }
      }
    }
    const ipam = {
      ...(input.ipv4 ? { IPv4Address: input.ipv4 } : {}),
      ...(input.ipv6 ? { IPv6Address: input.ipv6 } : {}),
    };
    await this.docker.getNetwork(input.id).connect({
      Container: input.container,
      EndpointConfig: {
        ...(input.aliases.length ? { Aliases: input.aliases } : {}),
        ...(Object.keys(ipam).length ? { IPAMConfig: ipam } : {}),
      },
    });
  }

  async disconnect(input: { id: string; container: string; force: boolean }): Promise<void> {
    await this.docker.getNetwork(input.id).disconnect({ Container: input.container, Force: input.force });
  }

  async checkConnectivity(input: {
    id: string;
    source: string;
    target: string;
    host?: string | undefined;
  }): Promise<ConnectivityResult> {
    const net = (await this.docker.getNetwork(input.id).inspect()) as EngineNetwork;
    const [src, dst] = await Promise.all([
      this.docker.getContainer(input.source).inspect(),
      this.docker.getContainer(input.target).inspect(),
    ]);
    const srcName = src.Name.replace(/^\//, '');
    const dstName = dst.Name.replace(/^\//, '');
    for (const [c, name] of [
      [src, srcName],
      [dst, dstName],
    ] as const) {
      if (!c.State.Running) throw new BerthError('conflict', `container ${name} is not running`);
      const on = Object.values(c.NetworkSettings.Networks ?? {}).some((ep) => ep?.NetworkID === net.Id);
      if (!on) throw new BerthError('conflict', `container ${name} is not connected to network ${net.Name}`);
    }
    const targetEp = Object.values(dst.NetworkSettings.Networks ?? {}).find((ep) => ep?.NetworkID === net.Id);
    const host = input.host ?? dstName;
    const result: ConnectivityResult = {
      source: srcName,
      target: dstName,
      host,
      network: net.Name,
      ...(targetEp?.IPAddress ? { expectedAddress: targetEp.IPAddress } : {}),
      resolved: 'unknown',
      reached: 'unknown',
      noTool: false,
      attempts: [],
    };
    const container = this.docker.getContainer(src.Id);
    const attempt = async (tool: ConnectivityAttempt['tool'], command: string[]) => {
      const o = await runExec(container, command);
      result.attempts.push({
        tool,
        command,
        ...(o.exitCode !== undefined ? { exitCode: o.exitCode } : {}),
        missing: o.missing,
        timedOut: o.timedOut,
        output: o.output.slice(0, 4000),
      });
      return o;
    };

    const ping = await attempt('ping', ['ping', '-c', '1', '-W', '2', host]);
    if (!ping.missing) {
      const r = readPing(ping);
      result.resolved = r.resolved;
      result.reached = r.reached;
      if (r.address) result.resolvedAddress = r.address;
      if (r.resolved !== 'unknown' && r.reached !== 'unknown') return result;
    }
    // No ping (or it could not tell): look the name up, then knock on port 80.
    if (result.resolved === 'unknown') {
      const getent = await attempt('getent', ['getent', 'hosts', host]);
      let lookup = getent;
      if (getent.missing) lookup = await attempt('nslookup', ['nslookup', host]);
      if (!lookup.missing) {
        const r = readLookup(lookup, host);
        result.resolved = r.resolved;
        if (r.address) result.resolvedAddress = r.address;
      }
    }
    if (result.resolved !== 'no' && result.reached !== 'yes') {
      const wget = await attempt('wget', ['wget', '-q', '-T', '2', '-O', '/dev/null', `http://${host}/`]);
      if (!wget.missing) {
        const r = readWget(wget);
        if (result.resolved === 'unknown') result.resolved = r.resolved;
        if (r.reached !== 'unknown') result.reached = r.reached;
      }
    } else if (result.resolved === 'no') {
      result.reached = 'no';
    }
    result.noTool = result.attempts.every((a) => a.missing);
    return result;
  }
}
