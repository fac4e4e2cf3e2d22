import { z } from 'zod';
import { ContainerRef, HEX_ID } from './common';

/** Names Berth creates networks with (the CLI's own advice: [a-zA-Z0-9][a-zA-Z0-9_.-]*). */
export const NETWORK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
/** The networks every engine has; they cannot be removed. */
export const BUILT_IN_NETWORKS = ['bridge', 'host', 'none'] as const;
/** A DNS label list: what `--network-alias` accepts in practice. */
export const ALIAS = /^[a-zA-Z0-9]([a-zA-Z0-9_.-]{0,252})$/;

export const NetworkRef = z
  .string()
  .min(1)
  .max(255)
  .refine((s) => HEX_ID.test(s) || NETWORK_NAME.test(s), { message: 'not a network id or name' });
export const NetworkName = z.string().min(1).max(128).regex(NETWORK_NAME, 'not a valid network name');
const NetDriver = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.\-/:]*$/, 'not a valid driver name');
const StrMap = z
  .record(z.string().min(1).max(256), z.string().max(4096))
  .refine((m) => Object.keys(m).length <= 100, { message: 'at most 100 entries' });

// --- addresses: parsed here so that the renderer's form and main validate alike ---

/** An IPv4 address as a 32-bit number, or undefined. Dotted quad only, no leading zeros. */
export function parseIPv4(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

/** An IPv6 address as a 128-bit bigint, or undefined (with "::" and an embedded IPv4 tail). */
export function parseIPv6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.length > 45) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const it = items[i] as string;
      if (i === items.length - 1 && it.includes('.')) {
        const v4 = parseIPv4(it);
        if (v4 === undefined) return undefined;
        out.push(Math.floor(v4 / 65536), v4 % 65536);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(it)) return undefined;
        out.push(parseInt(it, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0] as string);
  const tail = halves.length === 2 ? groups(halves[1] as string) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return all.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

export interface Cidr {
  family: 4 | 6;
  /** The address as written (may have host bits set). */
  address: bigint;
  prefix: number;
  /** First and last address of the block. */
  first: bigint;
  last: bigint;
}

export function parseIP(s: string): { family: 4 | 6; value: bigint } | undefined {
  const v4 = parseIPv4(s);
  if (v4 !== undefined) return { family: 4, value: BigInt(v4) };
  const v6 = parseIPv6(s);
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

export function parseCidr(s: string): Cidr | undefined {
  const m = /^([^/]+)\/([0-9]{1,3})$/.exec(s.trim());
  if (!m) return undefined;
  const ip = parseIP(m[1] as string);
  const prefix = Number(m[2]);
  if (!ip) return undefined;
  const bits = ip.family === 4 ? 32 : 128;
  if (prefix > bits) return undefined;
  const size = 1n << BigInt(bits - prefix);
  const first = (ip.value / size) * size;
  return { family: ip.family, address: ip.value, prefix, first, last: first + size - 1n };
}

export function formatIP(family: 4 | 6, value: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.');
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((value >> BigInt(i * 16)) & 0xffffn).toString(16));
  // The longest run of two or more zero groups becomes "::" (RFC 5952).
  let best = { at: -1, len: 1 };
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j;
  }
  if (best.at < 0) return groups.join(':');
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.len).join(':')}`;
}

export function cidrContains(c: Cidr, ip: { family: 4 | 6; value: bigint }): boolean {
  return c.family === ip.family && ip.value >= c.first && ip.value <= c.last;
}

/**
 * Problems with a network's address settings, by field, in English (the form shows
 * translated messages by `code`). Empty when everything is consistent.
 */
export interface AddressIssue {
  field: 'subnet' | 'gateway' | 'ipRange' | 'ipv6Subnet';
  /** For host_bits: the block the user probably meant. */
  suggestion?: string;
  code:
    | 'invalid_cidr'
    | 'host_bits'
    | 'wrong_family'
    | 'invalid_ip'
    | 'outside_subnet'
    | 'reserved_address'
    | 'needs_subnet';
  message: string;
}

export function addressIssues(i: {
  subnet?: string | undefined;
  gateway?: string | undefined;
  ipRange?: string | undefined;
  ipv6Subnet?: string | undefined;
}): AddressIssue[] {
  const out: AddressIssue[] = [];
  let subnet: Cidr | undefined;
  if (i.subnet) {
    subnet = parseCidr(i.subnet);
    if (!subnet) out.push({ field: 'subnet', code: 'invalid_cidr', message: 'not a CIDR block like 10.10.0.0/24' });
    else if (subnet.family !== 4)
      out.push({ field: 'subnet', code: 'wrong_family', message: 'an IPv4 block is expected here' });
    else if (subnet.address !== subnet.first)
      out.push({
        field: 'subnet',
        code: 'host_bits',
        suggestion: `${formatIP(4, subnet.first)}/${subnet.prefix}`,
        message: `host bits are set: did you mean ${formatIP(4, subnet.first)}/${subnet.prefix}?`,
      });
    else if (subnet.prefix > 30)
      out.push({ field: 'subnet', code: 'invalid_cidr', message: 'the block is too small (at most /30)' });
  }
  // Gateway and range are checked against the block even when its host bits are set.
  const ok = subnet && subnet.family === 4 && subnet.prefix <= 30 ? subnet : undefined;
  if (i.gateway) {
    const gw = parseIP(i.gateway);
    if (!gw || gw.family !== 4)
      out.push({ field: 'gateway', code: 'invalid_ip', message: 'not an IPv4 address like 10.10.0.1' });
    else if (!i.subnet) out.push({ field: 'gateway', code: 'needs_subnet', message: 'a gateway needs a subnet' });
    else if (ok && !cidrContains(ok, gw))
      out.push({ field: 'gateway', code: 'outside_subnet', message: 'the gateway is outside the subnet' });
    else if (ok && (gw.value === ok.first || gw.value === ok.last))
      out.push({
        field: 'gateway',
        code: 'reserved_address',
        message: 'the gateway cannot be the network or broadcast address',
      });
  }
  if (i.ipRange) {
    const r = parseCidr(i.ipRange);
    if (!r || r.family !== 4)
      out.push({ field: 'ipRange', code: 'invalid_cidr', message: 'not an IPv4 CIDR block like 10.10.0.128/25' });
    else if (!i.subnet) out.push({ field: 'ipRange', code: 'needs_subnet', message: 'an IP range needs a subnet' });
    else if (r.address !== r.first)
      out.push({
        field: 'ipRange',
        code: 'host_bits',
        suggestion: `${formatIP(4, r.first)}/${r.prefix}`,
        message: `host bits are set: did you mean ${formatIP(4, r.first)}/${r.prefix}?`,
      });
    else if (ok && (r.first < ok.first || r.last > ok.last))
      out.push({ field: 'ipRange', code: 'outside_subnet', message: 'the IP range is outside the subnet' });
  }
  if (i.ipv6Subnet) {
    const s6 = parseCidr(i.ipv6Subnet);
    if (!s6) out.push({ field: 'ipv6Subnet', code: 'invalid_cidr', message: 'not a CIDR block like fd00:1::/64' });
    else if (s6.family !== 6)
      out.push({ field: 'ipv6Subnet', code: 'wrong_family', message: 'an IPv6 block is expected here' });
    else if (s6.address !== s6.first)
      out.push({
        field: 'ipv6Subnet',
        code: 'host_bits',
        suggestion: `${formatIP(6, s6.first)}/${s6.prefix}`,
        message: `host bits are set: did you mean ${formatIP(6, s6.first)}/${s6.prefix}?`,
      });
  }
  return out;
}

const IPv4 = z
  .string()
  .max(15)
  .refine((s) => parseIPv4(s) !== undefined, { message: 'not an IPv4 address' });
const IPv6 = z
  .string()
  .max(45)
  .refine((s) => parseIPv6(s) !== undefined, { message: 'not an IPv6 address' });
const CidrText = z.string().max(64);

export const NetworkCreateInput = z
  .strictObject({
    name: NetworkName,
    driver: NetDriver.default('bridge'),
    subnet: CidrText.optional(),
    gateway: z.string().max(45).optional(),
    ipRange: CidrText.optional(),
    internal: z.boolean().default(false),
    attachable: z.boolean().default(false),
    ipv6: z.boolean().default(false),
    ipv6Subnet: CidrText.optional(),
    labels: StrMap.default({}),
    options: StrMap.default({}),
  })
  .superRefine((v, ctx) => {
    for (const issue of addressIssues(v)) ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
    if (v.ipv6Subnet && !v.ipv6) {
      ctx.addIssue({ code: 'custom', path: ['ipv6Subnet'], message: 'an IPv6 subnet needs IPv6 enabled' });
    }
  });
export type NetworkCreateInput = z.input<typeof NetworkCreateInput>;

export const NetworkSubnet = z.object({
  subnet: z.string().optional(),
  gateway: z.string().optional(),
  ipRange: z.string().optional(),
});

export const NetworkMember = z.object({
  id: z.string(),
  name: z.string(),
  state: z.string(),
  image: z.string(),
  /** Connected now (an endpoint exists): a stopped container is configured but not connected. */
  active: z.boolean(),
  ipv4: z.string().optional(),
  ipv6: z.string().optional(),
  mac: z.string().optional(),
  /** User-given aliases (the container's short id, which the engine adds, is left out). */
  aliases: z.array(z.string()),
});
export type NetworkMember = z.infer<typeof NetworkMember>;

export const NetworkSummary = z.object({
  id: z.string(),
  name: z.string(),
  driver: z.string(),
  scope: z.string(),
  /** Seconds since the epoch. */
  created: z.number().optional(),
  internal: z.boolean(),
  attachable: z.boolean(),
  ingress: z.boolean(),
  ipv6: z.boolean(),
  /** bridge, host and none: marked and protected. */
  builtIn: z.boolean(),
  subnets: z.array(NetworkSubnet),
  labels: z.record(z.string(), z.string()),
  options: z.record(z.string(), z.string()),
  /** Containers configured on it (running or not). */
  containers: z.array(NetworkMember),
});
export type NetworkSummary = z.infer<typeof NetworkSummary>;

export const NetworksPrunePreview = z.object({
  networks: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      driver: z.string(),
      /** Stopped containers configured on it: they cannot start again once it is gone. */
      stoppedContainers: z.array(z.string()),
    }),
  ),
});
export type NetworksPrunePreview = z.infer<typeof NetworksPrunePreview>;

export const NetworksPruneResult = z.object({
  removed: z.array(z.object({ id: z.string(), name: z.string() })),
  skipped: z.array(z.object({ id: z.string(), name: z.string(), reason: z.string(), code: z.string() })),
});
export type NetworksPruneResult = z.infer<typeof NetworksPruneResult>;

export const ConnectivityAttempt = z.object({
  tool: z.enum(['ping', 'getent', 'nslookup', 'wget']),
  command: z.array(z.string()),
  exitCode: z.number().optional(),
  /** The tool is not in the image (exit 126/127, "not found"). */
  missing: z.boolean(),
  timedOut: z.boolean(),
  output: z.string(),
});
export type ConnectivityAttempt = z.infer<typeof ConnectivityAttempt>;

export const ConnectivityResult = z.object({
  source: z.string(),
  target: z.string(),
  /** The name looked up (the target's name, or the alias asked for). */
  host: z.string(),
  network: z.string(),
  /** The address the target has on the shared network. */
  expectedAddress: z.string().optional(),
  /** yes / no / unknown (no tool could tell). */
  resolved: z.enum(['yes', 'no', 'unknown']),
  resolvedAddress: z.string().optional(),
  reached: z.enum(['yes', 'no', 'unknown']),
  /** None of ping, getent, nslookup, wget exists in the source's image. */
  noTool: z.boolean(),
  attempts: z.array(ConnectivityAttempt),
});
export type ConnectivityResult = z.infer<typeof ConnectivityResult>;

export const networksCalls = {
  /** `docker network ls` with the containers on each network (or only the given ids). */
  'networks.list': {
    input: z.strictObject({ ids: z.array(z.string().regex(HEX_ID)).max(1000).optional() }),
    output: z.array(NetworkSummary),
  },
  /** `docker network create`; address settings are checked before they reach the engine. */
  'networks.create': { input: NetworkCreateInput, output: NetworkSummary },
  'networks.inspect': { input: z.strictObject({ id: NetworkRef }), output: z.record(z.string(), z.unknown()) },
  /** `docker network rm`: refused for bridge/host/none and while containers are connected (named). */
  'networks.remove': { input: z.strictObject({ id: NetworkRef }), output: z.void() },
  /** The user-defined networks with no connected container (what a prune would remove). */
  'networks.prunePreview': { input: z.strictObject({}), output: NetworksPrunePreview },
  /** Removes exactly the previewed networks, one by one; reports any that became used meanwhile. */
  'networks.prune': {
    input: z.strictObject({ ids: z.array(z.string().regex(HEX_ID)).max(1000) }),
    output: NetworksPruneResult,
  },
  /** `docker network connect [--alias …] [--ip …] NETWORK CONTAINER`. */
  'networks.connect': {
    input: z.strictObject({
      id: NetworkRef,
      container: ContainerRef,
      aliases: z.array(z.string().regex(ALIAS, 'not a valid alias')).max(20).default([]),
      ipv4: IPv4.optional(),
      ipv6: IPv6.optional(),
    }),
    output: z.void(),
  },
  /** `docker network disconnect [-f] NETWORK CONTAINER`. */
  'networks.disconnect': {
    input: z.strictObject({ id: NetworkRef, container: ContainerRef, force: z.boolean().default(false) }),
    output: z.void(),
  },
  /** Does `source` resolve and reach `target` by name on `network`? (ping, else getent/nslookup/wget) */
  'networks.checkConnectivity': {
    input: z.strictObject({
      id: NetworkRef,
      source: ContainerRef,
      target: ContainerRef,
      /** Look up this alias instead of the target's name. */
      host: z.string().regex(ALIAS).optional(),
    }),
    output: ConnectivityResult,
  },
} as const;

export const networksEvents = {
  /** Coalesced change notice: these network ids changed (or were removed). */
  'networks.changed': z.object({ ids: z.array(z.string()) }),
} as const;

export function isBuiltInNetwork(name: string): boolean {
  return (BUILT_IN_NETWORKS as readonly string[]).includes(name);
}
