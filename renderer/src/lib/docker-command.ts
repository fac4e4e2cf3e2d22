import { quote } from 'shell-quote';

/**
 * The docker CLI line equivalent to an action, quoted as a POSIX shell would
 * need it. Shown beside every action, so the UI teaches the CLI.
 */
export function dockerCommand(...args: (string | false | undefined)[]): string {
  return quote(['docker', ...args.filter((a): a is string => typeof a === 'string')]);
}

export const containerCommands = {
  start: (name: string) => dockerCommand('start', name),
  stop: (name: string) => dockerCommand('stop', name),
  restart: (name: string) => dockerCommand('restart', name),
  remove: (name: string, o: { force?: boolean; removeVolumes?: boolean } = {}) =>
    dockerCommand('rm', o.force && '-f', o.removeVolumes && '-v', name),
  list: (all: boolean) => dockerCommand('ps', all && '-a'),
};
