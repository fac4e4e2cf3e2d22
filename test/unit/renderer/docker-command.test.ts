import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shellQuoteWord } from '../../../preload/contract/run-line';
import { containerCommands, dockerCommand } from '../../../renderer/src/lib/docker-command';
import { imageCommands } from '../../../renderer/src/lib/images-commands';
import { docker as journalDocker } from '../../../renderer/src/lib/journal';

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

describe('minimal POSIX quoting (quote only what a shell would read differently)', () => {
  it('leaves ports, env, references and paths as people type them', () => {
    expect(dockerCommand('run', '-p', '8080:80', '-e', 'A=b', 'nginx:1.27')).toBe(
      'docker run -p 8080:80 -e A=b nginx:1.27',
    );
    expect(dockerCommand('pull', 'registry.example.com:5000/team/app@sha256:abc')).toBe(
      'docker pull registry.example.com:5000/team/app@sha256:abc',
    );
    expect(dockerCommand('images', '--filter', 'dangling=true')).toBe('docker images --filter dangling=true');
    expect(dockerCommand('run', '--cpus', '1.5', '-m', '512m', '--label', 'a.b=c,d')).toBe(
      'docker run --cpus 1.5 -m 512m --label a.b=c,d',
    );
    expect(dockerCommand('volume', 'create', '数据')).toBe('docker volume create 数据');
    expect(imageCommands.pull('mysql:5.7')).toBe('docker pull mysql:5.7');
    expect(journalDocker('network', 'connect', '--alias', 'db', 'shop', 'web')).toBe(
      'docker network connect --alias db shop web',
    );
  });

  it('single-quotes what needs it, and nothing more than that word', () => {
    expect(dockerCommand('run', '-e', 'GREETING=hello world')).toBe("docker run -e 'GREETING=hello world'");
    expect(dockerCommand('start', "it's")).toBe("docker start 'it'\\''s'");
    expect(dockerCommand('run', '-e', 'X=')).toBe('docker run -e X=');
    expect(dockerCommand('run', '-e', '')).toBe("docker run -e ''");
    expect(dockerCommand('run', '=cmd')).toBe("docker run '=cmd'"); // zsh expands a leading =
    expect(dockerCommand('run', '-v', '~/data:/data')).toBe("docker run -v '~/data:/data'");
    for (const w of [
      '$HOME',
      '`id`',
      '$(id)',
      'a;b',
      'a|b',
      'a&b',
      'a>b',
      '*',
      'a?',
      '[a]',
      '{a,b}',
      '!x',
      '#x',
      'a\\b',
      'a^b',
    ]) {
      expect(dockerCommand('start', w)).toBe(`docker start '${w}'`);
    }
  });

  it('never puts a backslash before : = @ , (the shell-quote habit)', () => {
    const line = dockerCommand(
      'run',
      '-p',
      '127.0.0.1:8080:80/tcp',
      '-e',
      'A=b',
      '--dns-option',
      'ndots:2,edns0',
      'me@x',
    );
    expect(line).not.toMatch(/\\/);
  });

  const hostile = fc.string({
    unit: fc.oneof(
      fc.constantFrom(
        ...' \'"$`\\!*?[]{}()<>|&;#~=%^:@,+/.\t\n\r'.split(''),
        '\u001b',
        '\u202e',
        '\u00a0',
        '$(',
        "'\\''",
        '中',
        '🐳',
      ),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
    ),
    maxLength: 20,
  });

  it('property: any word (hostile ones too) reaches docker unchanged through a real sh, as one argument', () => {
    fc.assert(
      fc.property(hostile, hostile, (a, b) => {
        fc.pre(!a.includes('\0') && !b.includes('\0'));
        expect(argvInSh(dockerCommand('run', '-e', a, '--name', b))).toEqual(['run', '-e', a, '--name', b]);
      }),
      { numRuns: 80 },
    );
  });

  it('property: a word is either bare (only safe characters) or one single-quoted word', () => {
    fc.assert(
      fc.property(hostile, (w) => {
        const q = shellQuoteWord(w);
        if (q === w) expect(w).toMatch(/^[\p{L}\p{N}_.,:/=@%+-]+$/u);
        else expect(q).toBe(`'${w.split("'").join("'\\''")}'`);
      }),
      { numRuns: 300 },
    );
  });
});
