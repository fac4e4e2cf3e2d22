import { docker } from '../lib/journal';

/** The docker CLI lines the System panel shows beside what it does. */
export const systemCommands = {
  version: () => docker('version'),
  info: () => docker('info'),
  df: (verbose: boolean) => docker('system', 'df', verbose && '-v'),
  prune: (o: { allImages: boolean; volumes: boolean; label?: string }) =>
    docker(
      'system',
      'prune',
      o.allImages && '-a',
      o.volumes && '--volumes',
      !!o.label && '--filter',
      o.label ? `label=${o.label}` : undefined,
    ),
  /** What newer engines need for named volumes (system prune --volumes takes anonymous ones only). */
  pruneNamedVolumes: (label?: string) =>
    docker('volume', 'prune', '-a', !!label && '--filter', label ? `label=${label}` : undefined),
};
