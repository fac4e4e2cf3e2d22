import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyRunSpec, type RunSpec } from '../../../preload/contract/containers.contract';
import { BerthError } from '../../../preload/contract/errors';
import { parseRunLine } from '../../../preload/contract/run-line';
import { fieldOfEngineError } from '../../../main/services/containers.service';
import {
  buildCreateRequest,
  expandHome,
  hostPowerGrants,
  nanoCpus,
  requireHostPower,
  specFromInspect,
} from '../../../main/services/run-spec';

/** Drop what the CLI sends as zero values (the engine reads an absent field the same way). */
function meaningful(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(meaningful);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const m = meaningful(x);
      const empty =
        m === null ||
        m === undefined ||
        m === '' ||
        m === 0 ||
        m === false ||
        (Array.isArray(m) && m.length === 0) ||
        (typeof m === 'object' && !Array.isArray(m) && Object.keys(m as object).length === 0);
      if (!empty || k === 'Labels') out[k] = m;
    }
    return out;
  }
  return v;
}

describe('buildCreateRequest: what the docker CLI sends', () => {
  it('matches the body docker create (CLI 28, API 1.41) sent for a line using most flags', () => {
    // Captured from the real CLI through a logging proxy on the engine socket.
    const cli = JSON.parse(readFileSync(join(import.meta.dirname, 'cli-create-body.fixture.json'), 'utf8')) as {
      HostConfig: { Binds: string[] };
    };
    const line =
      'docker create --name cc-fixture -it -p 8080:80 -p 127.0.0.1::53/udp -p 9000-9001:9000-9001 --expose 7000 ' +
      '-v /tmp:/host:ro -v data1:/data -v /anon -e A=1 -e B -l x=y -l z --restart on-failure:3 -m 512m --cpus 1.5 ' +
      '-w /w -u nobody -h myhost.example.com --entrypoint sh --network cc-net --network-alias foo --cap-add net_admin ' +
      '--cap-drop chown --init --read-only --stop-signal SIGINT --stop-timeout 5 --add-host h:1.2.3.4 --dns 8.8.8.8 ' +
      '--log-driver json-file --log-opt max-size=1m --tmpfs /run:size=1m --ulimit nofile=1024:2048 ' +
      '--sysctl net.core.somaxconn=1024 --shm-size 128m --mount type=volume,src=data2,dst=/d2,readonly ' +
      '--memory-swap 1g --memory-reservation 256m -c 512 --cpuset-cpus 0 --group-add 1000 --device /dev/null:/dev/n:r ' +
      'berth-test/busybox -c "echo hi"';
    const parsed = parseRunLine(line);
    expect(parsed.issues).toEqual([]);
    const { query, body } = buildCreateRequest(parsed.spec);
    expect(query).toEqual({ name: 'cc-fixture' });
    // Binds come from a Go map in the CLI: their order is random there.
    cli.HostConfig.Binds.sort();
    // The CLI's terminal size (for -it), not a container setting.
    delete (cli.HostConfig as { ConsoleSize?: unknown }).ConsoleSize;
    (body.HostConfig as { Binds: string[] }).Binds.sort();
    expect(meaningful(body)).toEqual(meaningful(cli));
  });

  it('sends -d as detached (no attach), a plain run as attached', () => {
    const d = buildCreateRequest(parseRunLine('docker run -d img').spec).body;
    expect([d.AttachStdin, d.AttachStdout, d.AttachStderr, d.OpenStdin, d.StdinOnce]).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    const it = buildCreateRequest(parseRunLine('docker run -it img').spec).body;
    expect([it.AttachStdin, it.AttachStdout, it.AttachStderr, it.OpenStdin, it.StdinOnce, it.Tty]).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
  });

  it('expands port ranges as nat.ParsePortSpec does', () => {
    const { body } = buildCreateRequest(
      parseRunLine('docker run -p 8000-8001:80-81 -p 9000-9005:90 -p 53/udp img').spec,
    );
    expect(body.ExposedPorts).toEqual({ '80/tcp': {}, '81/tcp': {}, '90/tcp': {}, '53/udp': {} });
    expect((body.HostConfig as { PortBindings: unknown }).PortBindings).toEqual({
      '80/tcp': [{ HostIp: '', HostPort: '8000' }],
      '81/tcp': [{ HostIp: '', HostPort: '8001' }],
      '90/tcp': [{ HostIp: '', HostPort: '9000-9005' }],
      '53/udp': [{ HostIp: '', HostPort: '' }],
    });
  });

  it('expands ~ in bind sources, and leaves the network default when none is given', () => {
    const { body } = buildCreateRequest(parseRunLine('docker run -v ~/d:/d img').spec, { home: '/home/u' });
    expect((body.HostConfig as { Binds: string[] }).Binds).toEqual(['/home/u/d:/d']);
    expect((body.HostConfig as { NetworkMode: string }).NetworkMode).toBe('default');
    expect(expandHome('~', '/h')).toBe('/h');
    expect(nanoCpus('0.000000001')).toBe(1);
    expect(nanoCpus('12')).toBe(12e9);
  });

  it('refuses an invalid spec with issues naming each field (paths as the call input has them)', () => {
    const spec: RunSpec = {
      ...emptyRunSpec('img'),
      workdir: 'relative',
      autoRemove: true,
      restart: { name: 'always', maxRetries: 0 },
    };
    try {
      buildCreateRequest(spec);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(BerthError);
      expect((e as BerthError).code).toBe('invalid_input');
      expect((e as BerthError).issues?.map((i) => i.path)).toEqual(['spec.restart', 'spec.workdir']);
    }
  });
});

describe('host power', () => {
  const grants = (line: string) =>
    hostPowerGrants(parseRunLine(line).spec, { home: '/home/u', socketPaths: ['/srv/docker/engine.sock'] });

  it('names exactly what is granted', () => {
    expect(grants('docker run --privileged --pid host --network host --ipc host --uts host img')).toEqual([
      'privileged',
      'pid=host',
      'network=host',
      'ipc=host',
      'uts=host',
    ]);
    expect(grants('docker run --cap-add net_admin --cap-add CAP_SYS_ADMIN --device /dev/fuse:/dev/f:r img')).toEqual([
      'cap-add=CAP_NET_ADMIN',
      'cap-add=CAP_SYS_ADMIN',
      'device=/dev/fuse',
    ]);
  });

  it('flags binds of /, the engine socket (or folders holding it) and system folders; not ordinary ones', () => {
    expect(
      grants(
        'docker run -v /:/host:ro -v //var//run/docker.sock:/s -v /run:/r -v /srv/docker:/x -v /proc:/p -v /dev/kvm:/k ' +
          '--mount type=bind,src=/etc,dst=/e -v ~/code:/code -v /etc/localtime:/etc/localtime:ro -v /home/u/data:/data -v data:/data2 img',
      ),
    ).toEqual([
      'bind=/',
      'bind=/var/run/docker.sock',
      'bind=/run',
      'bind=/srv/docker',
      'bind=/proc',
      'bind=/dev/kvm',
      'bind=/etc',
    ]);
    expect(grants('docker run --pid container:db --cap-drop ALL --network mynet img')).toEqual([]);
  });

  it('refuses unless every grant is confirmed, listing all of them', () => {
    expect(() => requireHostPower(['privileged'], ['privileged'])).not.toThrow();
    try {
      requireHostPower(['privileged', 'bind=/'], ['privileged']);
      expect.unreachable();
    } catch (e) {
      expect((e as BerthError).code).toBe('permission_denied');
      expect((e as BerthError).issues).toEqual([
        { path: 'confirmHostPower', message: 'privileged' },
        { path: 'confirmHostPower', message: 'bind=/' },
      ]);
    }
  });
});

describe('specFromInspect: a container back into the run form', () => {
  const image = {
    Cmd: ['nginx', '-g', 'daemon off;'],
    Env: ['PATH=/usr/bin', 'NGINX_VERSION=1'],
    Labels: { maintainer: 'x' },
    ExposedPorts: { '80/tcp': {} },
    Volumes: { '/var/cache': {} },
  };
  const inspect = {
    Id: 'abcdef0123456789'.repeat(4),
    Name: '/web',
    Config: {
      Image: 'nginx:1.27',
      Hostname: 'abcdef012345',
      Cmd: ['nginx', '-g', 'daemon off;'],
      Entrypoint: null,
      Env: ['PATH=/usr/bin', 'NGINX_VERSION=1', 'MODE=prod'],
      Labels: { maintainer: 'x', app: 'web' },
      ExposedPorts: { '80/tcp': {}, '443/tcp': {}, '9000/udp': {} },
      Volumes: { '/var/cache': {}, '/scratch': {} },
      AttachStdout: false,
      Tty: false,
      OpenStdin: false,
      WorkingDir: '',
      User: '',
    },
    HostConfig: {
      Binds: ['data:/usr/share/nginx/html:ro', '/etc/nginx:/etc/nginx'],
      Mounts: [{ Type: 'volume', Target: '/m', ReadOnly: true }],
      PortBindings: { '443/tcp': [{ HostIp: '127.0.0.1', HostPort: '8443' }] },
      NetworkMode: 'default',
      RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 },
      ShmSize: 67108864,
      NanoCpus: 1500000000,
      Memory: 268435456,
      LogConfig: { Type: 'json-file', Config: {} },
      IpcMode: 'private',
    },
    NetworkSettings: { Networks: { bridge: { Aliases: null } } },
  };

  it('leaves out what the image brings and keeps what the user said', () => {
    const { spec, unsupported } = specFromInspect(inspect as never, image);
    expect(unsupported).toEqual([]);
    expect(spec).toEqual({
      ...emptyRunSpec('nginx:1.27'),
      name: 'web',
      detach: true,
      env: ['MODE=prod'],
      labels: ['app=web'],
      ports: [{ hostIp: '127.0.0.1', hostPort: '8443', containerPort: '443', proto: 'tcp' }],
      expose: ['9000/udp'],
      mounts: [
        {
          type: 'volume',
          source: 'data',
          target: '/usr/share/nginx/html',
          readOnly: true,
          options: ['ro'],
          viaMount: false,
        },
        { type: 'bind', source: '/etc/nginx', target: '/etc/nginx', readOnly: false, options: [], viaMount: false },
        { type: 'anonymous', source: '', target: '/m', readOnly: true, options: ['ro'], viaMount: true },
        { type: 'anonymous', source: '', target: '/scratch', readOnly: false, options: [], viaMount: false },
      ],
      restart: { name: 'unless-stopped', maxRetries: 0 },
      cpus: '1.5',
      memory: 268435456,
    });
  });

  it('names what the form cannot express', () => {
    const odd = {
      ...inspect,
      HostConfig: { ...inspect.HostConfig, SecurityOpt: ['seccomp=unconfined'], Links: ['/db:/web/db'] },
      NetworkSettings: { Networks: { bridge: {}, other: {} } },
    };
    expect(specFromInspect(odd as never, image).unsupported).toEqual([
      'network other (connected after creation: connect it again)',
      '--security-opt seccomp=unconfined',
      '--link',
    ]);
  });
});

describe('engine errors -> the field that caused them', () => {
  const spec = parseRunLine(
    'docker run --name web -p 127.0.0.1:8080:80 -p 9090:90 -v data:/data -v /host/x:/x --network mynet --volumes-from other -w /w img cmd',
  ).spec;
  it.each([
    ['Conflict. The container name "/web" is already in use by container "abc". You have to remove it.', 'spec.name'],
    [
      'driver failed programming external connectivity on endpoint web: Bind for 0.0.0.0:9090 failed: port is already allocated',
      'spec.ports.1.hostPort',
    ],
    ['listen tcp4 127.0.0.1:8080: bind: address already in use', 'spec.ports.0.hostPort'],
    ['No such image: img:latest', 'spec.image'],
    ['network mynet not found', 'spec.network'],
    ['invalid mount config for type "bind": bind source path does not exist: /host/x', 'spec.mounts.1.source'],
    ['No such container: other', 'spec.volumesFrom'],
    ['OCI runtime create failed: exec: "cmd": executable file not found in $PATH: unknown', 'spec.cmd'],
    ['something else entirely', ''],
  ])('%s', (message, path) => {
    expect(fieldOfEngineError(message, spec)).toBe(path);
  });
});
