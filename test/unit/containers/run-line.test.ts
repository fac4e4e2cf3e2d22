import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MOUNT_OPTIONS,
  RunSpec as RunSpecSchema,
  emptyRunSpec,
  normalizeMount,
  type MountSpec,
  type PortSpec,
  type RunSpec,
} from '../../../preload/contract/containers.contract';
import {
  formatRunCommand,
  parseBytesText,
  parseMountText,
  parsePortText,
  parseRunLine,
  parseVolumeText,
  runArgs,
  shellWords,
  specProblems,
} from '../../../preload/contract/run-line';

/** What /bin/sh passes to `docker` for a line (docker defined as a function printing its arguments). */
function argvInSh(line: string): string[] {
  const out = execFileSync('/bin/sh', ['-c', `docker() { printf '%s\\0' "$@"; }\n${line}`], {
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', HOME: '/home/someone' },
  });
  return out.split('\0').slice(0, -1);
}

const codes = (line: string) => parseRunLine(line).issues.map((i) => [i.code, i.flag ?? '', i.value ?? '']);

describe('parseRunLine: flags as the docker CLI reads them', () => {
  it('reads a plain line', () => {
    const { spec, issues, createOnly } = parseRunLine(
      'docker run -d --name web -p 8080:80 -v data:/data -e A=1 --restart always nginx:1.27 nginx -g "daemon off;"',
    );
    expect(issues).toEqual([]);
    expect(createOnly).toBe(false);
    expect(spec).toMatchObject({
      image: 'nginx:1.27',
      name: 'web',
      detach: true,
      cmd: ['nginx', '-g', 'daemon off;'],
      ports: [{ hostIp: '', hostPort: '8080', containerPort: '80', proto: 'tcp' }],
      mounts: [{ type: 'volume', source: 'data', target: '/data', readOnly: false, options: [], viaMount: false }],
      env: ['A=1'],
      restart: { name: 'always', maxRetries: 0 },
    });
  });

  it.each([
    ['--name=web', 'web'],
    ['--name web', 'web'],
  ])('long flags with = or a separate value: %s', (flag, name) => {
    expect(parseRunLine(`docker run ${flag} img`).spec.name).toBe(name);
  });

  it('combined and glued short flags: -it, -dit, -dp 80:80, -p8080:80, -e=A=1', () => {
    expect(parseRunLine('docker run -it img').spec).toMatchObject({ interactive: true, tty: true, detach: false });
    expect(parseRunLine('docker run -dit img').spec).toMatchObject({ interactive: true, tty: true, detach: true });
    const s = parseRunLine('docker run -dp 80:8080 -p9000:90/udp -e=A=1 -eB=2 img').spec;
    expect(s.detach).toBe(true);
    expect(s.ports.map((p) => `${p.hostPort}:${p.containerPort}/${p.proto}`)).toEqual(['80:8080/tcp', '9000:90/udp']);
    expect(s.env).toEqual(['A=1', 'B=2']);
  });

  it('booleans take =true / =false and never the next word', () => {
    expect(parseRunLine('docker run --rm=false --init=true img').spec).toMatchObject({ autoRemove: false, init: true });
    expect(parseRunLine('docker run --rm false').spec).toMatchObject({ autoRemove: true, image: 'false' });
    expect(parseRunLine('docker run -d=false img').spec.detach).toBe(false);
  });

  it('stops reading flags at the image: what follows is the command, flags included', () => {
    const s = parseRunLine('docker run img ls -la --color').spec;
    expect(s.image).toBe('img');
    expect(s.cmd).toEqual(['ls', '-la', '--color']);
    expect(parseRunLine('docker run -- img -x').spec).toMatchObject({ image: 'img', cmd: ['-x'] });
  });

  it('accepts sudo, a $ prompt, docker container run and docker create', () => {
    expect(parseRunLine('$ sudo docker container run img').issues).toEqual([]);
    expect(parseRunLine('/usr/bin/docker run img').spec.image).toBe('img');
    const c = parseRunLine('docker create --name x img');
    expect(c.createOnly).toBe(true);
    expect(c.spec.detach).toBe(false);
    expect(parseRunLine('docker container create img').createOnly).toBe(true);
  });

  it('maps every supported flag into the spec', () => {
    const { spec, issues } = parseRunLine(
      [
        'docker run --platform linux/amd64 -P --expose 7000-7001/udp',
        '--mount type=bind,src=/a,dst=/b,readonly --tmpfs /run:size=1m --volumes-from other:ro',
        '--net mynet --net-alias a --network-alias b --label k=v -l flag',
        '-w /w -u 1000:1000 -h host -m 1g --memory-reservation 512m --memory-swap -1 --shm-size 64m',
        '--cpus 0.5 -c 256 --cpuset-cpus 0-1 --privileged --pid host --ipc host --uts host',
        '--cap-add net_admin --cap-drop ALL --device /dev/fuse --init --read-only',
        '--stop-signal SIGINT --stop-timeout 3 --add-host h:1.2.3.4 --dns 8.8.8.8 --dns-search ex.com --dns-option ndots:1',
        '--log-driver local --log-opt max-size=1m --ulimit nofile=10:20 --sysctl a.b=1 --group-add audio',
        '--entrypoint /bin/sh img -c true',
      ].join(' '),
    );
    expect(issues).toEqual([]);
    expect(spec).toEqual({
      ...emptyRunSpec('img'),
      detach: false,
      platform: 'linux/amd64',
      publishAll: true,
      expose: ['7000-7001/udp'],
      mounts: [{ type: 'bind', source: '/a', target: '/b', readOnly: true, options: ['ro'], viaMount: true }],
      tmpfs: ['/run:size=1m'],
      volumesFrom: ['other:ro'],
      network: 'mynet',
      networkAliases: ['a', 'b'],
      labels: ['k=v', 'flag'],
      workdir: '/w',
      user: '1000:1000',
      hostname: 'host',
      memory: 2 ** 30,
      memoryReservation: 512 * 2 ** 20,
      memorySwap: -1,
      shmSize: 64 * 2 ** 20,
      cpus: '0.5',
      cpuShares: 256,
      cpusetCpus: '0-1',
      privileged: true,
      pid: 'host',
      ipc: 'host',
      uts: 'host',
      capAdd: ['CAP_NET_ADMIN'],
      capDrop: ['ALL'],
      devices: ['/dev/fuse'],
      init: true,
      readOnly: true,
      stopSignal: 'SIGINT',
      stopTimeout: 3,
      extraHosts: ['h:1.2.3.4'],
      dns: ['8.8.8.8'],
      dnsSearch: ['ex.com'],
      dnsOptions: ['ndots:1'],
      logDriver: 'local',
      logOpts: ['max-size=1m'],
      ulimits: ['nofile=10:20'],
      sysctls: ['a.b=1'],
      groupAdd: ['audio'],
      entrypoint: ['/bin/sh'],
      cmd: ['-c', 'true'],
    });
  });

  it('keeps the -v mode tokens in the order typed', () => {
    expect(parseRunLine('docker run -v /h:/c:z,ro -v vv:/d:rw,nocopy img').spec.mounts).toEqual([
      { type: 'bind', source: '/h', target: '/c', readOnly: true, options: ['z', 'ro'], viaMount: false },
      { type: 'volume', source: 'vv', target: '/d', readOnly: false, options: ['rw', 'nocopy'], viaMount: false },
    ]);
  });
});

describe('parseRunLine: reports, never drops', () => {
  it('names unsupported and unknown flags (with the value they took)', () => {
    expect(codes('docker run --security-opt seccomp=unconfined -a stdout --frobnicate -Z img')).toEqual([
      ['unsupported_flag', '--security-opt', 'seccomp=unconfined'],
      ['unsupported_flag', '-a', 'stdout'],
      ['unknown_flag', '--frobnicate', ''],
      ['unknown_flag', '-Z', ''],
    ]);
    // The image after them is still read correctly.
    expect(parseRunLine('docker run --security-opt x -a stdout img').spec.image).toBe('img');
  });

  it('asks for the env file and label file to be picked in the form', () => {
    expect(codes('docker run --env-file ./.env --label-file l img').map((c) => c[0])).toEqual([
      'unsupported_flag',
      'unsupported_flag',
    ]);
  });

  it('reports a shell variable instead of expanding it to nothing', () => {
    const r = parseRunLine('docker run -e FOO=$HOME -e "BAR=${USER:-x}" img');
    expect(r.spec.env).toEqual(['FOO=$HOME', 'BAR=${USER:-x}']);
    expect(r.issues.map((i) => [i.code, i.value])).toEqual([
      ['shell_variable', 'HOME'],
      ['shell_variable', 'USER:-x'],
    ]);
    // Single quotes and a backslash make it literal, as in the shell: nothing to report.
    expect(parseRunLine("docker run -e 'A=$HOME' -e B=\\$x img").issues).toEqual([]);
    expect(parseRunLine("docker run -e 'A=$HOME' -e B=\\$x img").spec.env).toEqual(['A=$HOME', 'B=$x']);
  });

  it('reports command substitutions and keeps the text, so the row can be fixed', () => {
    const r = parseRunLine('docker run -v $(pwd):/app -e D=`date` node:20 npm start');
    expect(r.issues.map((i) => [i.code, i.value])).toEqual([
      ['command_substitution', '$(pwd)'],
      ['command_substitution', '`date`'],
      ['bad_value', '$(pwd):/app'],
    ]);
    expect(r.spec.mounts[0]).toMatchObject({ type: 'bind', source: '$(pwd)', target: '/app' });
    expect(r.spec.env).toEqual(['D=`date`']);
    expect(r.spec).toMatchObject({ image: 'node:20', cmd: ['npm', 'start'] });
  });

  it('rejects unbalanced quotes with a clear error', () => {
    expect(codes('docker run -e "A=1 img')).toEqual([['unbalanced_quote', '', '"']]);
    expect(codes("docker run -e 'A=1 img")).toEqual([['unbalanced_quote', '', "'"]]);
    expect(parseRunLine("docker run -e 'it'\\''s' img").issues).toEqual([]);
  });

  it('stops at a shell operator or a second command, and says so', () => {
    expect(codes('docker run img | grep x')).toEqual([['shell_operator', '', '|']]);
    expect(codes('docker run img && echo done')).toEqual([['shell_operator', '', '&&']]);
    expect(codes('docker run img > out.log')).toEqual([['shell_operator', '', '>']]);
    expect(codes('docker run img\ndocker run other')).toEqual([['shell_operator', '', '\\n']]);
    expect(parseRunLine('docker run img | grep x').spec.image).toBe('img');
  });

  it('joins line continuations, drops comments, keeps # inside words', () => {
    const r = parseRunLine('docker run \\\n  -e PASS=abc#123 \\\r\n  -p 80:80 \\\n  img   # the web server\n');
    expect(r.issues).toEqual([]);
    expect(r.spec.env).toEqual(['PASS=abc#123']);
    expect(r.spec.ports).toHaveLength(1);
    expect(r.spec.image).toBe('img');
  });

  it('reports bad values, missing values, a missing image and lines that are not docker run', () => {
    expect(codes('docker run -p 99999:80 -v x img')).toEqual([
      ['bad_value', '-p', '99999:80'],
      ['bad_value', '-v', 'x'],
    ]);
    expect(codes('docker run --name')).toEqual([
      ['missing_value', '--name', ''],
      ['missing_image', '', ''],
    ]);
    expect(codes('docker run -d')).toEqual([['missing_image', '', '']]);
    expect(codes('podman run img')[0]?.[0]).toBe('not_docker_run');
    expect(codes('docker ps -a')[0]?.[0]).toBe('not_docker_run');
    expect(codes('')[0]?.[0]).toBe('not_docker_run');
  });
});

describe('value grammars', () => {
  it.each<[string, Partial<PortSpec> | null]>([
    ['80', { hostIp: '', hostPort: '', containerPort: '80', proto: 'tcp' }],
    ['8080:80', { hostPort: '8080', containerPort: '80' }],
    ['127.0.0.1::53/udp', { hostIp: '127.0.0.1', hostPort: '', containerPort: '53', proto: 'udp' }],
    ['[::1]:8080:80', { hostIp: '::1', hostPort: '8080' }],
    ['::1:8080:80', { hostIp: '::1', hostPort: '8080' }],
    ['8000-8010:9000-9010', { hostPort: '8000-8010', containerPort: '9000-9010' }],
    ['8000-8005:80', { hostPort: '8000-8005', containerPort: '80' }],
    ['80/SCTP', { proto: 'sctp' }],
    ['8000-8001:80-82', null],
    ['1.2.3:80:80', null],
    ['80/icmp', null],
    ['0', null],
    ['x', null],
  ])('-p %s', (raw, want) => {
    const r = parsePortText(raw);
    if (want === null) expect(typeof r).toBe('string');
    else expect(r).toMatchObject(want);
  });

  it.each<[string, Partial<MountSpec> | null]>([
    ['/anon', { type: 'anonymous', target: '/anon' }],
    ['name:/p', { type: 'volume', source: 'name', target: '/p' }],
    ['/h:/p:ro', { type: 'bind', readOnly: true, options: ['ro'] }],
    ['~/h:/p', { type: 'bind', source: '~/h' }],
    ['./rel:/p', { type: 'bind', source: './rel' }],
    ['/anon:ro', null],
    ['name', null],
    ['a:b:c:d', null],
    ['/h:/p:bogus', null],
    ['/h:/p:ro,rw', null],
    ['bad name!:/p', null],
  ])('-v %s', (raw, want) => {
    const r = parseVolumeText(raw);
    if (want === null) expect(typeof r).toBe('string');
    else expect(r).toMatchObject(want);
  });

  it('--mount: CSV, keys and their aliases, defaults to a volume', () => {
    expect(parseMountText('type=volume,source=vv,target=/t,volume-nocopy')).toMatchObject({
      type: 'volume',
      options: ['nocopy'],
      viaMount: true,
    });
    expect(parseMountText('dst=/t')).toMatchObject({ type: 'anonymous', target: '/t' });
    expect(parseMountText('type=bind,"src=/a,b",dst=/c,ro=true')).toMatchObject({
      type: 'bind',
      source: '/a,b',
      readOnly: true,
      options: ['ro'],
    });
    expect(parseMountText('type=tmpfs,dst=/t')).toMatch(/not supported/);
    expect(parseMountText('type=volume,dst=/t,volume-opt=o=x')).toMatch(/not supported/);
  });

  it('sizes as the CLI reads them (binary units)', () => {
    expect(parseBytesText('512m')).toBe(512 * 2 ** 20);
    expect(parseBytesText('1.5g')).toBe(1.5 * 2 ** 30);
    expect(parseBytesText('100')).toBe(100);
    expect(parseBytesText('2GB')).toBe(2 * 2 ** 30);
    expect(parseBytesText('1kib')).toBe(1024);
    expect(parseBytesText('lots')).toBeUndefined();
  });

  it('specProblems names the field of each problem', () => {
    const s: RunSpec = {
      ...emptyRunSpec(''),
      autoRemove: true,
      restart: { name: 'always', maxRetries: 0 },
      workdir: 'rel',
      ports: [{ hostIp: '', hostPort: 'x', containerPort: '80', proto: 'tcp' }],
      mounts: [
        { type: 'volume', source: 'vv', target: '/a', readOnly: false, options: [], viaMount: false },
        { type: 'anonymous', source: '', target: '/a', readOnly: false, options: [], viaMount: false },
      ],
      networkAliases: ['x'],
    };
    expect(specProblems(s).map((p) => p.path)).toEqual([
      'image',
      'ports.0.hostPort',
      'mounts.1.target',
      'restart',
      'workdir',
      'networkAliases',
    ]);
  });
});

// ------------------------------------------------------------------------------------------
// Round trip: parse(format(spec)) == spec, for any spec the form can hold
// ------------------------------------------------------------------------------------------

const NO_CTRL = (s: string) => ![...s].some((c) => c.charCodeAt(0) <= 2);
const anyText = fc
  .string({
    unit: fc.oneof(
      fc.constantFrom(...' \'"$`\\!*?[]{}()<>|&;#~=%^\t\n:,/-'.split('')),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
    ),
    maxLength: 12,
  })
  .filter(NO_CTRL);
const word = fc.stringMatching(/^[a-z][a-z0-9_.-]{1,10}$/);
const ident = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,8}$/);
const pathSeg = fc.oneof(word, fc.constantFrom('with space', '中文', "it's", 'a,b', '$x', '#h'));
const absPath = fc.array(pathSeg, { minLength: 1, maxLength: 3 }).map((p) => `/${p.join('/')}`);
const port = fc.integer({ min: 1, max: 65000 });
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((a) => a.join('.'));

const portSpec: fc.Arbitrary<PortSpec> = fc
  .record({
    hostIp: fc.oneof(fc.constant(''), ipv4, fc.constantFrom('::1', '::', 'fe80::1')),
    container: port,
    span: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5 })),
    host: fc.oneof(fc.constant(undefined), port),
    hostSpan: fc.boolean(),
    proto: fc.constantFrom('tcp', 'udp', 'sctp'),
  })
  .map(({ hostIp, container, span, host, hostSpan, proto }) => {
    const containerPort = span ? `${container}-${container + span}` : String(container);
    let hostPort = '';
    if (host !== undefined)
      hostPort = span ? `${host}-${host + span}` : hostSpan ? `${host}-${host + 3}` : String(host);
    return { hostIp, hostPort, containerPort, proto } as PortSpec;
  });

const vOptions = fc
  .subarray(
    [...MOUNT_OPTIONS].filter((o) => o !== 'rw'),
    { maxLength: 4 },
  )
  .chain((opts) => fc.shuffledSubarray(opts, { minLength: opts.length, maxLength: opts.length }));
const mountSpec: fc.Arbitrary<MountSpec> = fc
  .oneof(
    fc.record({
      type: fc.constant('volume' as const),
      source: word,
      target: absPath.filter((p) => !p.includes(':')),
      options: vOptions,
    }),
    fc.record({
      type: fc.constant('bind' as const),
      source: fc
        .oneof(
          absPath,
          absPath.map((p) => `~${p}`),
        )
        .filter((p) => !p.includes(':')),
      target: absPath.filter((p) => !p.includes(':')),
      options: vOptions,
    }),
    fc.record({
      type: fc.constant('anonymous' as const),
      source: fc.constant(''),
      target: absPath.filter((p) => !p.includes(':')),
      options: fc.constant([] as MountSpec['options']),
    }),
  )
  .chain((m) =>
    fc.boolean().map((viaMount): MountSpec => {
      if (!viaMount) return { ...m, readOnly: m.options.includes('ro'), viaMount: false };
      const allowed = m.type === 'bind' ? ['rprivate', 'rshared', 'rslave', 'private', 'shared', 'slave'] : ['nocopy'];
      const prop = m.options.filter((o) => allowed.includes(o)).slice(0, 1);
      const readOnly = m.options.includes('ro');
      return normalizeMount({
        ...m,
        source: m.type === 'bind' ? m.source.replace(/^~/, '') : m.source,
        readOnly,
        options: prop,
        viaMount: true,
      });
    }),
  );

const list = <T>(a: fc.Arbitrary<T>, max = 3) => fc.array(a, { maxLength: max });
const size = fc.integer({ min: 6 * 2 ** 20, max: 2 ** 40 });

const specArb: fc.Arbitrary<RunSpec> = fc
  .record({
    image: fc.constantFrom('img', 'nginx:1.27', 'registry.example.com:5000/team/app@sha256:' + 'a'.repeat(64)),
    name: fc.oneof(fc.constant(''), word),
    platform: fc.constantFrom('', 'linux/arm64'),
    cmd: list(anyText, 4),
    entrypoint: fc.oneof(
      fc.constant(undefined),
      anyText.map((s) => [s]),
    ),
    detach: fc.boolean(),
    interactive: fc.boolean(),
    tty: fc.boolean(),
    autoRemove: fc.boolean(),
    ports: list(portSpec),
    publishAll: fc.boolean(),
    expose: list(fc.tuple(port, fc.constantFrom('', '/udp')).map(([p, s]) => `${p}${s}`)),
    mounts: list(mountSpec),
    tmpfs: list(
      fc.tuple(absPath, fc.constantFrom('', ':size=1m,mode=1777')).map(([p, o]) => `${p.replace(/:/g, '')}${o}`),
    ),
    volumesFrom: list(fc.tuple(word, fc.constantFrom('', ':ro')).map(([w, o]) => w + o)),
    network: fc.constantFrom('', 'host', 'none', 'mynet', 'container:db'),
    env: list(
      fc.tuple(ident, fc.oneof(fc.constant(undefined), anyText)).map(([k, v]) => (v === undefined ? k : `${k}=${v}`)),
      4,
    ),
    labels: list(
      fc.tuple(word, fc.oneof(fc.constant(undefined), anyText)).map(([k, v]) => (v === undefined ? k : `${k}=${v}`)),
    ),
    restart: fc.oneof(
      fc.record({
        name: fc.constantFrom('no' as const, 'always' as const, 'unless-stopped' as const),
        maxRetries: fc.constant(0),
      }),
      fc.record({ name: fc.constant('on-failure' as const), maxRetries: fc.integer({ min: 0, max: 99 }) }),
    ),
    workdir: fc.oneof(fc.constant(''), absPath),
    user: fc.constantFrom('', 'nobody', '1000:1000', '-weird'),
    hostname: fc.constantFrom('', 'box', 'a.b.c'),
    memory: fc.oneof(fc.constant(0), size),
    memoryReservation: fc.oneof(fc.constant(0), size),
    memorySwap: fc.oneof(fc.constant(0), fc.constant(-1), size),
    shmSize: fc.oneof(fc.constant(0), size),
    cpus: fc.constantFrom('', '1', '0.5', '2.25', '0.000000001'),
    cpuShares: fc.oneof(fc.constant(0), fc.integer({ min: 2, max: 262144 })),
    cpusetCpus: fc.constantFrom('', '0', '0-3,5'),
    privileged: fc.boolean(),
    pid: fc.constantFrom('', 'host', 'container:db'),
    ipc: fc.constantFrom('', 'host', 'private', 'shareable'),
    uts: fc.constantFrom('', 'host'),
    capAdd: list(fc.constantFrom('CAP_NET_ADMIN', 'CAP_SYS_TIME', 'ALL')),
    capDrop: list(fc.constantFrom('CAP_CHOWN', 'ALL')),
    devices: list(fc.constantFrom('/dev/fuse', '/dev/null:/dev/n', '/dev/zero:/dev/z:r')),
    init: fc.boolean(),
    readOnly: fc.boolean(),
    stopSignal: fc.constantFrom('', 'SIGINT', '9'),
    stopTimeout: fc.oneof(fc.constant(undefined), fc.integer({ min: -1, max: 600 })),
    extraHosts: list(fc.tuple(word, ipv4).map(([h, ip]) => `${h}:${ip}`)),
    dns: list(ipv4),
    dnsSearch: list(word),
    dnsOptions: list(fc.constantFrom('ndots:2', 'rotate')),
    logDriver: fc.constantFrom('', 'json-file', 'local'),
    logOpts: list(fc.tuple(word, anyText).map(([k, v]) => `${k}=${v}`)),
    ulimits: list(fc.constantFrom('nofile=1024', 'nproc=10:20', 'core=-1')),
    sysctls: list(fc.tuple(word, word).map(([k, v]) => `net.${k}=${v}`)),
    groupAdd: list(fc.constantFrom('audio', '1000')),
  })
  .map((s) => {
    const out = { ...s, networkAliases: [] as string[] } as RunSpec;
    if (s.entrypoint === undefined) delete out.entrypoint;
    if (s.stopTimeout === undefined) delete out.stopTimeout;
    return out;
  });

describe('round trip', () => {
  it('every generated spec is a valid contract spec', () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        expect(RunSpecSchema.safeParse(spec).success).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('property: parse(format(spec)) gives the spec back, with no issues (one line and multi-line)', () => {
    fc.assert(
      fc.property(specArb, fc.boolean(), (spec, multiline) => {
        const line = formatRunCommand(spec, { multiline });
        const back = parseRunLine(line);
        expect(back.issues).toEqual([]);
        expect(back.spec).toEqual(spec);
      }),
      { numRuns: 400 },
    );
  });

  it('property: a real POSIX shell hands docker exactly the words runArgs says', () => {
    fc.assert(
      fc.property(
        specArb.filter((s) => !s.mounts.some((m) => m.source.startsWith('~'))),
        (spec) => {
          expect(argvInSh(formatRunCommand(spec, { multiline: true }))).toEqual(['run', ...runArgs(spec)]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a home-relative bind stays home-relative in the shell', () => {
    const spec = parseRunLine("docker run -v '~/my data':/d img").spec;
    const line = formatRunCommand(spec);
    expect(line).toBe("docker run -v ~/'my data:/d' img");
    expect(argvInSh(line)).toEqual(['run', '-v', '/home/someone/my data:/d', 'img']);
  });

  it('shellWords agrees with sh on tricky quoting', () => {
    for (const line of [
      `docker run -e "A=\\"q\\" \\$ \\\\" -e 'B=\\n' -e C=a\\ b img`,
      `docker run -e "X=a'b" -e 'Y=a"b' img "" ''`,
      `docker run -e A=1#2 img echo '#not' "#a" x#y`,
    ]) {
      expect(['docker', ...argvInSh(line)]).toEqual(shellWords(line).words);
    }
  });
});
