import { dockerCommand } from './docker-command';

const pairs = (flag: string, m: Record<string, string>) => Object.entries(m).flatMap(([k, v]) => [flag, `${k}=${v}`]);

/** The docker CLI lines equivalent to the volumes panel's actions. */
export const volumeCommands = {
  list: () => dockerCommand('volume', 'ls'),
  create: (o: {
    name?: string;
    driver?: string;
    driverOpts?: Record<string, string>;
    labels?: Record<string, string>;
  }) =>
    dockerCommand(
      'volume',
      'create',
      ...(o.driver && o.driver !== 'local' ? ['--driver', o.driver] : []),
      ...pairs('--opt', o.driverOpts ?? {}),
      ...pairs('--label', o.labels ?? {}),
      o.name || undefined,
    ),
  inspect: (name: string) => dockerCommand('volume', 'inspect', name),
  remove: (name: string) => dockerCommand('volume', 'rm', name),
  /** Berth removes exactly the previewed volumes: that is `docker volume rm` of each. */
  pruneExact: (names: string[]) =>
    names.length > 6
      ? `${dockerCommand('volume', 'rm', ...names.slice(0, 6))} … (+${names.length - 6})`
      : dockerCommand('volume', 'rm', ...(names.length ? names : ['…'])),
  /** What a bare prune does depends on the API version (named volumes too before 1.42). */
  prune: (includeNamed: boolean, namedByDefault: boolean) =>
    dockerCommand('volume', 'prune', includeNamed && !namedByDefault && '--all'),
  runWith: (name: string, target = '/data') => dockerCommand('run', '-it', '-v', `${name}:${target}`, 'IMAGE'),
  volumesFrom: (container: string) => dockerCommand('run', '-it', '--volumes-from', container, 'IMAGE'),
  /** Files: Berth's helper container is created, never started, and removed afterwards. */
  copyOut: (name: string, path: string) =>
    [
      dockerCommand('create', '--name', 'helper', '--network', 'none', '-v', `${name}:/volume:ro`, 'IMAGE'),
      dockerCommand('cp', `helper:/volume${path === '/' ? '' : path}`, '.'),
      dockerCommand('rm', 'helper'),
    ].join(' && '),
  copyIn: (name: string, dir: string) =>
    [
      dockerCommand('create', '--name', 'helper', '--network', 'none', '-v', `${name}:/volume`, 'IMAGE'),
      dockerCommand('cp', 'FILE', `helper:/volume${dir === '/' ? '/' : `${dir}/`}`),
      dockerCommand('rm', 'helper'),
    ].join(' && '),
};
