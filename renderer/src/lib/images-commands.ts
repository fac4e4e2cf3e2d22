import { dockerCommand } from './docker-command';

export interface BuildCommandInput {
  contextPath: string;
  dockerfile?: string;
  tags?: string[];
  buildArgs?: Record<string, string>;
  target?: string;
  noCache?: boolean;
  pull?: boolean;
  labels?: Record<string, string>;
}

/** The docker CLI line for every image action (shown beside it, copyable). Passwords never appear. */
export const imageCommands = {
  list: (show: 'all' | 'dangling' | 'unused' = 'all') =>
    dockerCommand('images', show === 'dangling' && '--filter', show === 'dangling' && 'dangling=true'),
  pull: (ref: string, platform?: string) =>
    dockerCommand('pull', platform ? '--platform' : undefined, platform || undefined, ref),
  push: (ref: string) => dockerCommand('push', ref),
  tag: (source: string, target: string) => dockerCommand('tag', source, target),
  remove: (refs: string[], o: { force?: boolean; noPrune?: boolean } = {}) =>
    dockerCommand('rmi', o.force && '-f', o.noPrune && '--no-prune', ...refs),
  prune: (all: boolean) => dockerCommand('image', 'prune', all && '-a'),
  history: (ref: string) => dockerCommand('history', '--no-trunc', ref),
  inspect: (ref: string) => dockerCommand('image', 'inspect', ref),
  search: (term: string, limit?: number) =>
    dockerCommand('search', limit !== undefined && '--limit', limit !== undefined ? String(limit) : undefined, term),
  build: (b: BuildCommandInput) => {
    const args: (string | false | undefined)[] = ['build'];
    if (b.dockerfile && b.dockerfile !== 'Dockerfile') args.push('-f', b.dockerfile);
    for (const t of b.tags ?? []) args.push('-t', t);
    for (const [k, v] of Object.entries(b.buildArgs ?? {})) args.push('--build-arg', `${k}=${v}`);
    for (const [k, v] of Object.entries(b.labels ?? {})) args.push('--label', `${k}=${v}`);
    if (b.target) args.push('--target', b.target);
    if (b.noCache) args.push('--no-cache');
    if (b.pull) args.push('--pull');
    args.push(b.contextPath || '.');
    return dockerCommand(...args);
  },
  save: (refs: string[], path: string) => dockerCommand('save', '-o', path, ...refs),
  load: (path: string) => dockerCommand('load', '-i', path),
  import: (path: string, o: { ref?: string; changes?: string[]; message?: string } = {}) =>
    dockerCommand(
      'import',
      ...(o.changes ?? []).flatMap((c) => ['-c', c]),
      o.message ? '-m' : undefined,
      o.message || undefined,
      path,
      o.ref || undefined,
    ),
  login: (server: string, username: string) =>
    dockerCommand('login', '-u', username || 'USER', '--password-stdin', server),
  logout: (server: string) => dockerCommand('logout', server),
};
