import { chmodSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  RotatingLogFile,
  defaultLogDir,
  formatLogLine,
  logUncaught,
  redactSecrets,
  startLogFile,
  teeConsole,
  watchEngineStatus,
} from '../../../../main/services/log-file';
import { FakeEmitter } from '../../helpers/fake-electron';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';

const dirs: TempDir[] = [];
const tmp = () => {
  const d = makeTempDir('berth-log-');
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

describe('redactSecrets: never a password or token in the log', () => {
  it.each([
    ['Open http://127.0.0.1:7787/?token=abcDEF123_-x', 'token=***', 'abcDEF123'],
    ['ws://127.0.0.1:1/ws?x=1&token=s3cr3t#frag', 'token=***', 's3cr3t'],
    ['{"username":"bob","password":"hunter2","serveraddress":"r"}', '"password":"***"', 'hunter2'],
    ["{ password: 'hunter2', auth: 'Ym9iOmh1bnRlcjI=' }", "password: '***'", 'hunter2'],
    ['{"auths":{"r:5000":{"auth":"Ym9iOmh1bnRlcjI="}}}', '"auth":"***"', 'Ym9iOmh1bnRlcjI='],
    ['{"identitytoken":"eyJhbGciOi"}', '"identitytoken":"***"', 'eyJhbGciOi'],
    ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.x.y', 'Authorization: Bearer ***', 'eyJhbGci'],
    ['authorization: Basic Ym9iOmh1bnRlcjI=', 'authorization: Basic ***', 'Ym9iOmh1bnRlcjI='],
    ['X-Registry-Auth: eyJ1c2VybmFtZSI6ImJvYiJ9', 'X-Registry-Auth: ***', 'eyJ1c2Vy'],
    ['connect tcp://bob:hunter2@10.0.0.5:2376 failed', 'tcp://bob:***@10.0.0.5:2376', 'hunter2'],
    ['https://bob:p%40ss@registry.example.com/v2/', 'https://bob:***@registry', 'p%40ss'],
    ['docker login -u bob -p hunter2 r:5000', '-p ***', 'hunter2'],
    ['docker login --password=hunter2 r', '--password=***', 'hunter2'],
    ['docker login --password hunter2 r', '--password ***', 'hunter2'],
    ['PASSWORD=hunter2 API_KEY=abc secret=xyz', 'PASSWORD=***', 'hunter2'],
  ])('%s', (text, shows, never) => {
    const out = redactSecrets(text);
    expect(out).toContain(shows);
    expect(out).not.toContain(never);
  });

  it('leaves ordinary text alone', () => {
    for (const text of [
      'docker run -p 8080:80 -e A=b nginx',
      'engine connected: unix:///var/run/docker.sock (Docker 28.2.2)',
      'ssh://bob@host:22',
      'tcp://10.0.0.5:2376/path@x',
      'the author: alice; tokens spent: 3',
    ]) {
      expect(redactSecrets(text)).toBe(text);
    }
  });

  it('formats one line per entry: time, level, masked text, continuation lines indented', () => {
    const line = formatLogLine('warn', ['login failed %s', 'password=x', new Error('boom')], new Date(0));
    expect(line.startsWith('1970-01-01T00:00:00.000Z WARN  login failed password=***')).toBe(true);
    expect(line.endsWith('\n')).toBe(true);
    expect(
      line
        .trimEnd()
        .split('\n')
        .slice(1)
        .every((l) => l.startsWith('    ')),
    ).toBe(true);
  });
});

describe('RotatingLogFile', () => {
  it('appends, and rotates by size keeping at most `keep` old files: the folder stays bounded', () => {
    const d = tmp();
    const log = new RotatingLogFile({ dir: d.path('logs'), maxBytes: 100, keep: 2 });
    expect(log.ok).toBe(true);
    expect(log.path).toBe(d.path('logs', 'berth.log'));
    for (let i = 0; i < 40; i++) log.write(`line ${String(i).padStart(2, '0')} ${'x'.repeat(20)}\n`);
    log.close();
    expect(readdirSync(d.path('logs')).sort()).toEqual(['berth.1.log', 'berth.2.log', 'berth.log']);
    for (const f of readdirSync(d.path('logs'))) expect(statSync(d.path('logs', f)).size).toBeLessThanOrEqual(100);
    expect(readFileSync(d.path('logs', 'berth.log'), 'utf8')).toContain('line 39');
    expect(readFileSync(d.path('logs', 'berth.1.log'), 'utf8')).not.toContain('line 39');
    // Reopening continues the same file (its size counts toward the next rotation).
    const again = new RotatingLogFile({ dir: d.path('logs'), maxBytes: 100, keep: 2 });
    again.write('after restart\n');
    again.close();
    expect(readFileSync(d.path('logs', 'berth.log'), 'utf8')).toContain('after restart');
  });

  it('is private to the user (0600 file in a 0700 folder when it makes the folder)', () => {
    const d = tmp();
    const log = new RotatingLogFile({ dir: d.path('new', 'logs') });
    log.write('x\n');
    log.close();
    expect(statSync(d.path('new', 'logs', 'berth.log')).mode & 0o777).toBe(0o600);
    expect(statSync(d.path('new', 'logs')).mode & 0o777).toBe(0o700);
  });

  it('never throws when the folder cannot be written: it just does not log', () => {
    const d = tmp();
    d.write('file-not-dir', 'x');
    const log = new RotatingLogFile({ dir: join(d.path('file-not-dir'), 'logs') });
    expect(log.ok).toBe(false);
    expect(() => log.write('x\n')).not.toThrow();
    if (process.getuid?.() !== 0) {
      const ro = d.path('ro');
      chmodSync(d.root, 0o500);
      expect(new RotatingLogFile({ dir: ro }).ok).toBe(false);
      chmodSync(d.root, 0o700);
    }
  });
});

describe('teeConsole and startLogFile', () => {
  it('sends console output to the file too (masked), unchanged on the console, and can be undone', () => {
    const d = tmp();
    const file = new RotatingLogFile({ dir: d.root });
    const target = { log: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn(), debug: vi.fn() };
    const originalError = target.error;
    const undo = teeConsole(file, target);
    target.log('Open http://127.0.0.1:1/?token=abc');
    target.error('[berth] failed', new Error('boom'));
    expect(originalError).toHaveBeenCalledWith('[berth] failed', expect.any(Error));
    undo();
    expect(target.error).toBe(originalError);
    target.warn('not in the file');
    file.close();
    const text = readFileSync(file.path, 'utf8');
    expect(text).toMatch(/INFO {2}Open http:\/\/127\.0\.0\.1:1\/\?token=\*\*\*\n/);
    expect(text).toMatch(/ERROR \[berth\] failed Error: boom/);
    expect(text).not.toContain('abc');
    expect(text).not.toContain('not in the file');
  });

  it('startLogFile says what runs on the first line and names the file; undefined when it cannot write', () => {
    const d = tmp();
    const saved = { ...console };
    try {
      console.info = vi.fn();
      console.warn = vi.fn();
      const log = startLogFile(d.path('logs'), 'Berth 1.2.3 (web mode) on linux/x64');
      expect(log.file).toBe(d.path('logs', 'berth.log'));
      console.warn('[berth] something');
      log.stop();
      expect(readFileSync(log.file!, 'utf8')).toMatch(
        /INFO {2}\[berth\] Berth 1\.2\.3 \(web mode\)[^\n]*\n.*WARN {2}\[berth\] something/s,
      );
      d.write('blocked', 'x');
      const none = startLogFile(join(d.path('blocked'), 'logs'), 'x');
      expect(none.file).toBeUndefined();
      expect(console.warn).toHaveBeenLastCalledWith(expect.stringContaining('cannot write a log file'));
    } finally {
      Object.assign(console, saved);
    }
  });
});

describe('where web mode logs', () => {
  it('follows each platform’s place for app logs, or BERTH_LOG_DIR', () => {
    expect(defaultLogDir({ HOME: '/home/a' }, 'linux')).toBe(join('/home/a', '.local', 'state', 'berth', 'logs'));
    expect(defaultLogDir({ HOME: '/home/a', XDG_STATE_HOME: '/s' }, 'linux')).toBe(join('/s', 'berth', 'logs'));
    expect(defaultLogDir({ HOME: '/Users/a' }, 'darwin')).toBe(join('/Users/a', 'Library', 'Logs', 'Berth'));
    expect(defaultLogDir({ LOCALAPPDATA: 'C:/L', USERPROFILE: 'C:/u' }, 'win32')).toBe(join('C:/L', 'Berth', 'logs'));
    expect(defaultLogDir({ BERTH_LOG_DIR: '/var/log/berth', HOME: '/h' }, 'linux')).toBe('/var/log/berth');
  });
});

describe('watchEngineStatus', () => {
  it('writes a line when the connection changes, not on every retry', () => {
    const engine = new FakeEmitter();
    const lines: string[] = [];
    watchEngineStatus(engine as never, (l) => lines.push(l));
    const ep = 'unix:///var/run/docker.sock';
    engine.emit('status', { state: 'connecting', endpoint: ep });
    engine.emit('status', { state: 'connected', endpoint: ep, engineVersion: '28.2.2' });
    for (let i = 0; i < 5; i++) engine.emit('status', { state: 'disconnected', endpoint: ep, error: 'ECONNREFUSED' });
    engine.emit('status', { state: 'connected', endpoint: ep, engineVersion: '28.2.2' });
    expect(lines).toEqual([
      `[berth] engine connecting: ${ep}`,
      `[berth] engine connected: ${ep} (Docker 28.2.2)`,
      `[berth] engine unreachable: ${ep} — ECONNREFUSED`,
      `[berth] engine connected: ${ep} (Docker 28.2.2)`,
    ]);
  });
});

describe('logUncaught', () => {
  it('writes what nothing caught, with its stack, and stops when removed', () => {
    const proc = new EventEmitter();
    const lines: string[] = [];
    const remove = logUncaught(proc as never, (l) => lines.push(l));
    proc.emit('uncaughtException', new Error('socket hang up'));
    proc.emit('unhandledRejection', { code: 'EPIPE' });
    expect(lines[0]).toMatch(/^\[berth\] uncaught exception: Error: socket hang up\n\s+at /);
    expect(lines[1]).toBe("[berth] unhandled rejection: { code: 'EPIPE' }");
    remove();
    expect(proc.listenerCount('uncaughtException') + proc.listenerCount('unhandledRejection')).toBe(0);
  });
});
