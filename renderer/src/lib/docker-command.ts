import { shellQuoteWord } from '../../../preload/contract/run-line';

/**
 * The docker CLI line equivalent to an action, each word quoted only when a POSIX shell needs it (single
 * quotes), so it reads as people type it: `docker run -p 8080:80 -e A=b`, `docker start 'my container'`.
 * Shown beside every action, so the UI teaches the CLI; false and undefined words are left out.
 */
export function dockerCommand(...args: (string | false | null | undefined)[]): string {
  return ['docker', ...args.filter((a): a is string => typeof a === 'string')].map(shellQuoteWord).join(' ');
}

/** A command over many names, the list shortened for display (`docker rm a b c … (+4)`). */
const many = (head: string, list: string[], max = 6) =>
  list.length > max ? `${head} ${list.slice(0, max).map(shellQuoteWord).join(' ')} … (+${list.length - max})` : head;
const shown = (list: string[], max = 6) => (list.length > max ? [] : list.length ? list : ['…']);

export const containerCommands = {
  start: (name: string) => dockerCommand('start', name),
  stop: (name: string, timeoutSeconds?: number) =>
    dockerCommand(
      'stop',
      timeoutSeconds !== undefined && `-t`,
      timeoutSeconds !== undefined && String(timeoutSeconds),
      name,
    ),
  restart: (name: string, timeoutSeconds?: number) =>
    dockerCommand(
      'restart',
      timeoutSeconds !== undefined && `-t`,
      timeoutSeconds !== undefined && String(timeoutSeconds),
      name,
    ),
  remove: (name: string, o: { force?: boolean; removeVolumes?: boolean } = {}) =>
    dockerCommand('rm', o.force && '-f', o.removeVolumes && '-v', name),
  list: (all: boolean) => dockerCommand('ps', all && '-a'),
  kill: (name: string, signal = 'SIGKILL') =>
    dockerCommand('kill', signal !== 'SIGKILL' && '-s', signal !== 'SIGKILL' && signal, name),
  pause: (name: string) => dockerCommand('pause', name),
  unpause: (name: string) => dockerCommand('unpause', name),
  rename: (name: string, to: string) => dockerCommand('rename', name, to),
  inspect: (name: string) => dockerCommand('inspect', name),
  top: (name: string) => dockerCommand('top', name),
  diff: (name: string) => dockerCommand('diff', name),
  exec: (name: string) => dockerCommand('exec', '-it', name, 'sh'),
  attach: (name: string) => dockerCommand('attach', name),
  /** `docker cp c:/path .` (a folder arrives as a tar when written to stdout: `docker cp c:/dir - > dir.tar`). */
  copyOut: (name: string, path: string, folder = false) =>
    folder
      ? `${dockerCommand('cp', `${name}:${path}`, '-')} > ${shellQuoteWord(`${path.split('/').pop() || 'root'}.tar`)}`
      : dockerCommand('cp', `${name}:${path}`, '.'),
  copyIn: (name: string, dir: string, files: string[]) =>
    files.length === 1
      ? dockerCommand('cp', files[0], `${name}:${dir}`)
      : files.map((f) => dockerCommand('cp', f, `${name}:${dir}`)).join('\n'),
  commit: (name: string, o: { repo: string; tag?: string; message?: string; author?: string; pause?: boolean }) =>
    dockerCommand(
      'commit',
      !!o.message && '-m',
      o.message || undefined,
      !!o.author && '-a',
      o.author || undefined,
      o.pause === false && '--pause=false',
      name,
      o.repo ? `${o.repo}${o.tag ? `:${o.tag}` : ''}` : undefined,
    ),
  /** The same action on several containers: docker takes many names at once. */
  bulk: (
    action: 'start' | 'stop' | 'restart' | 'pause' | 'unpause' | 'kill' | 'rm',
    list: string[],
    o: { force?: boolean; removeVolumes?: boolean } = {},
  ) =>
    many(
      dockerCommand(
        action,
        action === 'rm' && o.force && '-f',
        action === 'rm' && o.removeVolumes && '-v',
        ...shown(list),
      ),
      list,
    ),
  /** Berth removes exactly the previewed containers: that is `docker rm` of each. */
  pruneExact: (list: string[]) => many(dockerCommand('rm', ...shown(list)), list),
  prune: () => dockerCommand('container', 'prune'),
};
