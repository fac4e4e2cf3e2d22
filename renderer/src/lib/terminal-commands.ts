import { DEFAULT_DETACH_KEYS } from '../../../preload/contract/terminal.contract';
import { dockerCommand } from './docker-command';

/** The docker CLI lines equivalent to the terminal panel's sessions and views. */
export const terminalCommands = {
  exec: (name: string, o: { shell?: string; user?: string; workdir?: string; env?: string[] } = {}) =>
    dockerCommand(
      'exec',
      '-it',
      ...(o.user ? ['-u', o.user] : []),
      ...(o.workdir ? ['-w', o.workdir] : []),
      ...(o.env ?? []).flatMap((e) => ['-e', e]),
      name,
      o.shell || 'sh',
    ),
  attach: (name: string, detachKeys = DEFAULT_DETACH_KEYS) =>
    dockerCommand('attach', detachKeys !== DEFAULT_DETACH_KEYS && `--detach-keys=${detachKeys}`, name),
  logs: (name: string, o: { follow?: boolean; tail?: number; since?: string; timestamps?: boolean } = {}) =>
    dockerCommand(
      'logs',
      o.follow && '-f',
      ...(o.tail !== undefined ? ['--tail', String(o.tail)] : []),
      ...(o.since ? ['--since', o.since] : []),
      o.timestamps && '-t',
      name,
    ),
  stats: (name: string) => dockerCommand('stats', name),
};
