import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containerCommands, dockerCommand } from '../../../renderer/src/lib/docker-command';

/**
 * What a POSIX shell really passes to `docker` for this command line: the line is run by
 * /bin/sh with `docker` defined as a function that prints its arguments NUL-separated.
 */
function argvInSh(commandLine: string): string[] {
  expect(commandLine.startsWith('docker ')).toBe(true);
  const out = execFileSync('/bin/sh', ['-c', `docker() { printf '%s\\0' "$@"; }\n${commandLine}`], {
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', HOME: '/nonexistent', x: 'EXPANDED' },
  });
  return out.split('\0').slice(0, -1);
}

const NASTY_NAMES = [
  'web',
  'my container',
  "it's",
  'say "hi"',
  '$HOME',
  '${x}',
  '`id`',
  '$(id)',
  'a;rm -rf /',
  'a|b&c',
  '*',
  '~root',
  '#comment',
  "it's $x!",
  'back\\slash',
  'new\nline',
  'tab\there',
  '中文 容器',
  '🐳',
  '-rf',
];

describe('dockerCommand / containerCommands', () => {
  it('builds the plain commands', () => {
    expect(containerCommands.start('web')).toBe('docker start web');
    expect(containerCommands.stop('web')).toBe('docker stop web');
    expect(containerCommands.restart('web')).toBe('docker restart web');
    expect(containerCommands.remove('web')).toBe('docker rm web');
    expect(containerCommands.list(false)).toBe('docker ps');
    expect(containerCommands.list(true)).toBe('docker ps -a');
  });

  it('adds -f and -v to rm only when asked', () => {
    expect(containerCommands.remove('web', { force: true })).toBe('docker rm -f web');
    expect(containerCommands.remove('web', { removeVolumes: true })).toBe('docker rm -v web');
    expect(containerCommands.remove('web', { force: true, removeVolumes: true })).toBe('docker rm -f -v web');
    expect(containerCommands.remove('web', { force: false, removeVolumes: false })).toBe('docker rm web');
  });

  it('drops false and undefined arguments', () => {
    expect(dockerCommand('ps', false, undefined, '--no-trunc')).toBe('docker ps --no-trunc');
  });

  it('quotes a name with spaces so it stays one argument', () => {
    expect(containerCommands.start('my container')).toBe("docker start 'my container'");
  });

  it('leaves no $, backtick or quote open to the shell (checked by running sh below)', () => {
    expect(containerCommands.stop('$HOME')).not.toBe('docker stop $HOME');
    expect(containerCommands.stop("it's")).not.toBe("docker stop it's");
  });

  it.each(NASTY_NAMES)('a POSIX shell passes %j through as exactly one argument', (name) => {
    expect(argvInSh(containerCommands.start(name))).toEqual(['start', name]);
    expect(argvInSh(containerCommands.remove(name, { force: true, removeVolumes: true }))).toEqual([
      'rm',
      '-f',
      '-v',
      name,
    ]);
  });

  it('property: any printable name survives a real shell unchanged', () => {
    const name = fc.string({
      unit: fc.oneof(
        fc.constantFrom(...' \'"$`\\!*?[]{}()<>|&;#~=%^\t\n'.split('')),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
      ),
      minLength: 1,
      maxLength: 16,
    });
    fc.assert(
      fc.property(name, (n) => {
        fc.pre(!n.includes('\0'));
        expect(argvInSh(containerCommands.restart(n))).toEqual(['restart', n]);
      }),
      { numRuns: 60 },
    );
  });
});
