import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { modemOptions, resolveEndpoint, type EngineEndpoint } from '../../../../main/engine/endpoint';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';

const sha = (name: string) => createHash('sha256').update(name).digest('hex');

/** Writes a docker CLI context the way `docker context create` lays it out. */
function writeContext(dir: TempDir, name: string, host: string, opts: { tls?: boolean; skipVerify?: boolean } = {}) {
  const digest = sha(name);
  dir.write(
    `contexts/meta/${digest}/meta.json`,
    JSON.stringify({
      Name: name,
      Metadata: {},
      Endpoints: { docker: { Host: host, SkipTLSVerify: opts.skipVerify ?? false } },
    }),
  );
  if (opts.tls) {
    for (const f of ['ca', 'cert', 'key']) dir.write(`contexts/tls/${digest}/docker/${f}.pem`, `${name}-${f}-pem`);
  }
}

describe('resolveEndpoint', () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => dir.remove());

  it('defaults to the unix socket when there is no DOCKER_HOST and no context', () => {
    expect(resolveEndpoint({ env: {}, configDir: dir.root, platform: 'linux' })).toEqual({
      host: 'unix:///var/run/docker.sock',
      source: 'default',
    });
  });

  it('defaults to the named pipe on Windows', () => {
    expect(resolveEndpoint({ env: {}, configDir: dir.root, platform: 'win32' })).toEqual({
      host: 'npipe:////./pipe/docker_engine',
      source: 'default',
    });
  });

  it('uses the current context from config.json, with its TLS material', () => {
    dir.write('config.json', JSON.stringify({ currentContext: 'remote' }));
    writeContext(dir, 'remote', 'tcp://10.0.0.5:2376', { tls: true });
    expect(resolveEndpoint({ env: {}, configDir: dir.root, platform: 'linux' })).toEqual({
      host: 'tcp://10.0.0.5:2376',
      source: 'context',
      contextName: 'remote',
      tls: { ca: 'remote-ca-pem', cert: 'remote-cert-pem', key: 'remote-key-pem', verify: true },
    });
  });

  it('turns verify off for a context with SkipTLSVerify', () => {
    dir.write('config.json', JSON.stringify({ currentContext: 'remote' }));
    writeContext(dir, 'remote', 'tcp://10.0.0.5:2376', { tls: true, skipVerify: true });
    expect(resolveEndpoint({ env: {}, configDir: dir.root }).tls?.verify).toBe(false);
  });

  it('returns a context without TLS when it has no tls folder', () => {
    dir.write('config.json', JSON.stringify({ currentContext: 'plain' }));
    writeContext(dir, 'plain', 'tcp://10.0.0.9:2375');
    const ep = resolveEndpoint({ env: {}, configDir: dir.root });
    expect(ep).toEqual({ host: 'tcp://10.0.0.9:2375', source: 'context', contextName: 'plain' });
    expect(ep).not.toHaveProperty('tls');
  });

  it('lets DOCKER_CONTEXT override currentContext', () => {
    dir.write('config.json', JSON.stringify({ currentContext: 'remote' }));
    writeContext(dir, 'remote', 'tcp://10.0.0.5:2376', { tls: true });
    writeContext(dir, 'other', 'ssh://me@build-box');
    expect(resolveEndpoint({ env: { DOCKER_CONTEXT: 'other' }, configDir: dir.root })).toEqual({
      host: 'ssh://me@build-box',
      source: 'context',
      contextName: 'other',
    });
  });

  it('DOCKER_CONTEXT=default means the platform default even if config.json names another', () => {
    dir.write('config.json', JSON.stringify({ currentContext: 'remote' }));
    writeContext(dir, 'remote', 'tcp://10.0.0.5:2376');
    expect(resolveEndpoint({ env: { DOCKER_CONTEXT: 'default' }, configDir: dir.root, platform: 'linux' })).toEqual({
      host: 'unix:///var/run/docker.sock',
      source: 'default',
    });
  });

  it('falls back to the default when the context has no meta.json or config.json is not JSON', () => {
    dir.write('config.json', JSON.stringify({ currentContext: 'ghost' }));
    expect(resolveEndpoint({ env: {}, configDir: dir.root, platform: 'linux' }).source).toBe('default');
    dir.write('config.json', '{ not json');
    expect(resolveEndpoint({ env: {}, configDir: dir.root, platform: 'linux' }).source).toBe('default');
  });

  it('DOCKER_HOST wins over DOCKER_CONTEXT and currentContext', () => {
    dir.write('config.json', JSON.stringify({ currentContext: 'remote' }));
    writeContext(dir, 'remote', 'tcp://10.0.0.5:2376', { tls: true });
    const ep = resolveEndpoint({
      env: { DOCKER_HOST: 'unix:///run/user/1000/docker.sock', DOCKER_CONTEXT: 'remote' },
      configDir: dir.root,
    });
    expect(ep).toEqual({ host: 'unix:///run/user/1000/docker.sock', source: 'DOCKER_HOST' });
  });

  it('DOCKER_HOST with DOCKER_TLS_VERIFY reads the certificates from DOCKER_CERT_PATH', () => {
    dir.write('certs/ca.pem', 'CA');
    dir.write('certs/cert.pem', 'CERT');
    dir.write('certs/key.pem', 'KEY');
    const ep = resolveEndpoint({
      env: { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: dir.path('certs') },
      configDir: dir.root,
    });
    expect(ep).toEqual({
      host: 'tcp://h:2376',
      source: 'DOCKER_HOST',
      tls: { ca: 'CA', cert: 'CERT', key: 'KEY', verify: true },
    });
  });

  it('DOCKER_HOST with DOCKER_TLS_VERIFY but no cert path reads the config dir, missing files undefined', () => {
    dir.write('ca.pem', 'CA-IN-CONFIG');
    const ep = resolveEndpoint({ env: { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: 'yes' }, configDir: dir.root });
    expect(ep.tls).toEqual({ ca: 'CA-IN-CONFIG', cert: undefined, key: undefined, verify: true });
  });

  it('DOCKER_HOST without TLS settings has no tls', () => {
    const ep = resolveEndpoint({ env: { DOCKER_HOST: 'tcp://h:2375', DOCKER_TLS_VERIFY: '' }, configDir: dir.root });
    expect(ep).toEqual({ host: 'tcp://h:2375', source: 'DOCKER_HOST' });
  });

  it('reads DOCKER_CONFIG from the environment when no configDir is given', () => {
    dir.write('config.json', JSON.stringify({ currentContext: 'remote' }));
    writeContext(dir, 'remote', 'tcp://10.0.0.5:2376');
    expect(resolveEndpoint({ env: { DOCKER_CONFIG: dir.root } }).host).toBe('tcp://10.0.0.5:2376');
  });
});

describe('modemOptions', () => {
  afterEach(() => vi.unstubAllEnvs());

  const ep = (host: string, tls?: EngineEndpoint['tls']): EngineEndpoint => ({
    host,
    source: 'DOCKER_HOST',
    ...(tls ? { tls } : {}),
  });

  it('unix:// gives a socket path', () => {
    expect(modemOptions(ep('unix:///var/run/docker.sock'))).toEqual({ socketPath: '/var/run/docker.sock' });
    expect(modemOptions(ep('unix:///run/user/1000/docker.sock'))).toEqual({
      socketPath: '/run/user/1000/docker.sock',
    });
    expect(modemOptions(ep('unix://'))).toEqual({ socketPath: '/var/run/docker.sock' });
  });

  it('npipe:// gives the pipe path docker-modem expects', () => {
    expect(modemOptions(ep('npipe:////./pipe/docker_engine'))).toEqual({ socketPath: '//./pipe/docker_engine' });
  });

  it('tcp:// without TLS speaks plain http, 2375 by default', () => {
    expect(modemOptions(ep('tcp://10.0.0.5:2375'))).toMatchObject({ protocol: 'http', host: '10.0.0.5' });
    expect(String(modemOptions(ep('tcp://10.0.0.5:2375')).port)).toBe('2375');
    const noPort = modemOptions(ep('tcp://docker.example'));
    expect(noPort).toEqual({ protocol: 'http', host: 'docker.example', port: 2375 });
    expect(noPort).not.toHaveProperty('ca');
  });

  it('tcp:// with TLS speaks https and carries the certificates, 2376 by default', () => {
    const tls = { ca: 'CA', cert: 'CERT', key: 'KEY', verify: true };
    const opts = modemOptions(ep('tcp://10.0.0.5:2376', tls));
    expect(opts).toMatchObject({ protocol: 'https', host: '10.0.0.5', ca: 'CA', cert: 'CERT', key: 'KEY' });
    expect(String(opts.port)).toBe('2376');
    expect(modemOptions(ep('tcp://docker.example', tls))).toMatchObject({ protocol: 'https', port: 2376 });
  });

  it('tcp:// with a client certificate but verify off still speaks https', () => {
    const opts = modemOptions(ep('tcp://h:2376', { cert: 'C', key: 'K', verify: false }));
    expect(opts).toMatchObject({ protocol: 'https', cert: 'C', key: 'K' });
  });

  it('https:// is https even without TLS material', () => {
    expect(modemOptions(ep('https://h'))).toMatchObject({ protocol: 'https', host: 'h' });
  });

  it('ssh://user@host:2222 gives an ssh connection with the agent', () => {
    vi.stubEnv('SSH_AUTH_SOCK', '/tmp/agent.sock');
    const opts = modemOptions(ep('ssh://user@host:2222'));
    expect(opts).toMatchObject({
      protocol: 'ssh',
      host: 'host',
      username: 'user',
      sshOptions: { agent: '/tmp/agent.sock', keepaliveInterval: 10_000, keepaliveCountMax: 3 },
    });
    expect(Number(opts.port)).toBe(2222);
  });

  it('ssh:// without a user or port uses port 22 and the local user name, as ssh does', () => {
    const opts = modemOptions({ ...ep('ssh://build-box'), ssh: { configFile: '/nonexistent' } });
    expect(opts).toMatchObject({ protocol: 'ssh', host: 'build-box', port: 22, username: userInfo().username });
  });

  it('ssh:// follows ~/.ssh/config: HostName, User, Port and IdentityFile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-sshcfg-'));
    try {
      writeFileSync(join(dir, 'key'), 'PRIVATE KEY BYTES');
      writeFileSync(
        join(dir, 'config'),
        [
          'Host other',
          '  User nobody',
          'Host build*',
          '  HostName 127.0.0.9',
          '  User deploy',
          '  Port 2200',
          `  IdentityFile ${join(dir, 'key')}`,
          'Host *',
          '  User fallback',
        ].join('\n'),
      );
      const opts = modemOptions({ ...ep('ssh://build-box'), ssh: { configFile: join(dir, 'config') } }) as {
        host: string;
        port: number;
        username: string;
        sshOptions: { privateKey?: Buffer };
      };
      expect(opts).toMatchObject({ host: '127.0.0.9', port: 2200, username: 'deploy' });
      expect(opts.sshOptions.privateKey?.toString()).toBe('PRIVATE KEY BYTES');
      // The URL wins over the config, as on the docker CLI's command line.
      expect(
        modemOptions({ ...ep('ssh://root@build-box:22'), ssh: { configFile: join(dir, 'config') } }),
      ).toMatchObject({ port: 22, username: 'root' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unsupported scheme', () => {
    expect(() => modemOptions(ep('fd://3'))).toThrow(/unsupported engine address/);
  });
});
