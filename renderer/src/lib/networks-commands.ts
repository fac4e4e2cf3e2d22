import { dockerCommand } from './docker-command';

/** The docker CLI lines equivalent to the networks panel's actions. */
export const networkCommands = {
  list: () => dockerCommand('network', 'ls'),
  create: (o: {
    name: string;
    driver?: string;
    subnet?: string;
    gateway?: string;
    ipRange?: string;
    internal?: boolean;
    attachable?: boolean;
    ipv6?: boolean;
    ipv6Subnet?: string;
    labels?: Record<string, string>;
  }) =>
    dockerCommand(
      'network',
      'create',
      ...(o.driver && o.driver !== 'bridge' ? ['--driver', o.driver] : []),
      ...(o.subnet ? ['--subnet', o.subnet] : []),
      ...(o.gateway ? ['--gateway', o.gateway] : []),
      ...(o.ipRange ? ['--ip-range', o.ipRange] : []),
      o.internal && '--internal',
      o.attachable && '--attachable',
      o.ipv6 && '--ipv6',
      ...(o.ipv6Subnet ? ['--subnet', o.ipv6Subnet] : []),
      ...Object.entries(o.labels ?? {}).flatMap(([k, v]) => ['--label', `${k}=${v}`]),
      o.name || 'NAME',
    ),
  inspect: (name: string) => dockerCommand('network', 'inspect', name),
  remove: (name: string) => dockerCommand('network', 'rm', name),
  /** Berth removes exactly the previewed networks: that is `docker network rm` of each. */
  pruneExact: (names: string[]) =>
    names.length > 6
      ? `${dockerCommand('network', 'rm', ...names.slice(0, 6))} … (+${names.length - 6})`
      : dockerCommand('network', 'rm', ...(names.length ? names : ['…'])),
  connect: (network: string, container: string, o: { aliases?: string[]; ipv4?: string; ipv6?: string } = {}) =>
    dockerCommand(
      'network',
      'connect',
      ...(o.aliases ?? []).flatMap((a) => ['--alias', a]),
      ...(o.ipv4 ? ['--ip', o.ipv4] : []),
      ...(o.ipv6 ? ['--ip6', o.ipv6] : []),
      network,
      container || 'CONTAINER',
    ),
  disconnect: (network: string, container: string) => dockerCommand('network', 'disconnect', network, container),
  ping: (source: string, host: string) => dockerCommand('exec', source, 'ping', '-c', '1', '-W', '2', host),
  runOn: (network: string) => dockerCommand('run', '-it', '--network', network, 'IMAGE'),
};
