/**
 * `docker run` lines: the same line given to the docker CLI and pasted into Berth (parsed by
 * parseRunLine, created by containers.run) must make the same container, as docker inspect
 * sees it. Plus: host-power confirmation, field-level errors, created-but-failed-to-start,
 * "copy as docker run" (inspect -> spec) and edit-and-recreate.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../main/backend';
import type { RunOutcome, RunSpec, SpecFromContainer } from '../../preload/contract/containers.contract';
import { formatRunCommand, parseRunLine } from '../../preload/contract/run-line';
import {
  LABELS,
  RUN_ID,
  SOCKET,
  TEST_IMAGE,
  docker,
  execText,
  exists,
  inspectState,
  uniqueName,
  waitFor,
} from '../support/engine';
import { backendCalls, startBackend, stopBackend } from '../support/backend';

const sh = promisify(execFile);
let backend: Backend;
const d = docker();
const { call, ok } = backendCalls(() => backend);

const NET = `berth-run-net-${RUN_ID}`;
const VOL = `berth-run-vol-${RUN_ID}`;
const VOL2 = `berth-run-vol2-${RUN_ID}`;
const volumesMade = new Set<string>([VOL, VOL2]);
let tmp: string;
let donor: string;

beforeAll(async () => {
  backend = await startBackend();
  tmp = mkdtempSync(join(tmpdir(), 'berth-run-'));
  await d.createNetwork({ Name: NET, Labels: LABELS });
  donor = uniqueName('donor');
  await d.createContainer({
    Image: TEST_IMAGE,
    name: donor,
    Labels: LABELS,
    Cmd: ['true'],
    HostConfig: { Binds: [`${VOL2}:/shared`] },
  });
});

afterAll(async () => {
  await stopBackend(backend);
  for (const v of volumesMade)
    await d
      .getVolume(v)
      .remove()
      .catch(() => {});
  await d
    .getNetwork(NET)
    .remove()
    .catch(() => {});
  rmSync(tmp, { recursive: true, force: true });
});

/**
 * The CLI, through a real shell, exactly as a user would type the line. A detached `docker run -d`
 * runs for real; an attached one is made with `docker create` instead (same container, no terminal needed).
 */
async function cliCreate(line: string, detached: boolean): Promise<string> {
  const cmd = detached
    ? line.replace(/^docker /, `docker -H unix://${SOCKET} `)
    : line.replace(/^docker (container )?(run|create)\b/, `docker -H unix://${SOCKET} create`);
  const { stdout } = await sh('sh', ['-c', cmd], {
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
  });
  return stdout.trim().split('\n').pop() as string;
}

async function berthCreate(line: string): Promise<RunOutcome> {
  const { spec, issues } = parseRunLine(line);
  expect(issues).toEqual([]);
  const grants = await ok<string[]>('containers.hostPower', { spec });
  return ok<RunOutcome>('containers.run', { spec, start: false, confirmHostPower: grants });
}

const sorted = <T>(a: T[] | null | undefined) => (a ? [...a].sort() : a);
const noId = (aliases: string[] | null | undefined, id: string, name: string) =>
  sorted((aliases ?? []).filter((a) => !id.startsWith(a) && a !== name));

/** What docker inspect says about a container, without what is unique to each one (id, name, times). */
function comparable(c: Docker.ContainerInspectInfo) {
  const cfg = c.Config as Docker.ContainerInspectInfo['Config'] & Record<string, unknown>;
  const hc = c.HostConfig as Docker.HostConfig & Record<string, unknown>;
  const name = c.Name.replace(/^\//, '');
  return {
    image: cfg.Image,
    cmd: cfg.Cmd,
    entrypoint: cfg.Entrypoint,
    env: sorted(cfg.Env),
    labels: cfg.Labels,
    exposed: cfg.ExposedPorts,
    volumes: cfg.Volumes,
    workdir: cfg.WorkingDir,
    user: cfg.User,
    hostname: cfg.Hostname === c.Id.slice(0, 12) ? '<id>' : cfg.Hostname,
    tty: cfg.Tty,
    stdin: [cfg.OpenStdin, cfg.AttachStdin, cfg.AttachStdout, cfg.AttachStderr, cfg.StdinOnce],
    stop: [cfg.StopSignal, cfg.StopTimeout],
    portBindings: hc.PortBindings,
    publishAll: hc.PublishAllPorts,
    binds: sorted(hc.Binds),
    mounts: hc.Mounts,
    networkMode: hc.NetworkMode,
    networks: Object.fromEntries(
      Object.entries(c.NetworkSettings.Networks ?? {}).map(([k, v]) => [k, noId(v.Aliases, c.Id, name)]),
    ),
    restart: hc.RestartPolicy,
    autoRemove: hc.AutoRemove,
    resources: [hc.Memory, hc.MemoryReservation, hc.MemorySwap, hc.NanoCpus, hc.CpuShares, hc.CpusetCpus, hc.ShmSize],
    power: [hc.Privileged, hc.PidMode, hc.IpcMode, hc.UTSMode, hc.CapAdd, hc.CapDrop, hc.Devices],
    init: hc.Init,
    readOnly: hc.ReadonlyRootfs,
    tmpfs: hc.Tmpfs,
    dns: [hc.Dns, hc.DnsSearch, hc.DnsOptions, hc.ExtraHosts],
    log: hc.LogConfig,
    ulimits: hc.Ulimits,
    sysctls: hc.Sysctls,
    groupAdd: hc.GroupAdd,
    volumesFrom: hc.VolumesFrom,
    mountsSeen: (c.Mounts ?? [])
      .map((m) => ({
        type: m.Type,
        name: m.Type === 'volume' && !/^[a-f0-9]{64}$/.test(m.Name ?? '') ? m.Name : undefined,
        source: m.Type === 'bind' ? m.Source : undefined,
        destination: m.Destination,
        rw: m.RW,
        mode: m.Mode,
        propagation: m.Propagation,
      }))
      .sort((a, b) => a.destination.localeCompare(b.destination)),
  };
}

/** Real-world lines as people keep them; {n} is the container name, {r} the run id. */
const LINES: [string, string][] = [
  ['plain, detached', 'docker run -d --name {n} -l berth.test={r} berth-test/busybox:latest sleep 300'],
  [
    'ports: ip, random host port, udp, ranges, expose',
    'docker run -d --name {n} -l berth.test={r} -p 127.0.0.1:18080:80 -p 127.0.0.1::53/udp -p 127.0.0.1:19000-19001:9000-9001 --expose 7000 berth-test/busybox httpd -f -p 80',
  ],
  [
    'volumes: named, anonymous, bind read-only, bind with selinux mode',
    `docker run -d --name {n} -l berth.test={r} -v ${VOL}:/data -v /cache -v {tmp}:/host:ro -v {tmp}:/host2:z,ro berth-test/busybox sleep 300`,
  ],
  [
    '--mount: volume read-only, bind with propagation, anonymous',
    `docker run -d --name {n} -l berth.test={r} --mount type=volume,src=${VOL},dst=/m,readonly --mount type=bind,source={tmp},target=/b,bind-propagation=rprivate --mount type=volume,target=/anon2 berth-test/busybox sleep 300`,
  ],
  [
    'env: quoted, empty, unicode',
    `docker run --name {n} -l berth.test={r} -e A=1 -e 'B=two words' -e C= --env "D=it's" -e E=中文 berth-test/busybox env`,
  ],
  [
    'labels',
    `docker run -d --name {n} --label berth.test={r} -l app=web --label "com.example.desc=a b" -l flag berth-test/busybox`,
  ],
  [
    'restart unless-stopped',
    'docker run -d --restart unless-stopped --name {n} -l berth.test={r} berth-test/busybox sleep 300',
  ],
  [
    'restart on-failure with retries',
    'docker run -d --restart=on-failure:5 --name={n} -l berth.test={r} berth-test/busybox sh -c "exit 1"',
  ],
  [
    'user-defined network with aliases',
    `docker run -d --name {n} -l berth.test={r} --network ${NET} --network-alias db --net-alias cache berth-test/busybox sleep 300`,
  ],
  ['no network', 'docker run -d --name {n} -l berth.test={r} --net=none berth-test/busybox sleep 300'],
  [
    'memory and CPU limits',
    'docker run -d --name {n} -l berth.test={r} -m 512m --memory-reservation 256m --memory-swap 1g --cpus 1.5 --cpu-shares 512 --cpuset-cpus 0 --shm-size 128m berth-test/busybox sleep 300',
  ],
  [
    'interactive with entrypoint, workdir, user, hostname',
    `docker run -it --rm -w /tmp -u nobody -h myhost --entrypoint sh --name {n} -l berth.test={r} berth-test/busybox -c 'echo hi; sleep 1'`,
  ],
  ['entrypoint reset', "docker run --entrypoint '' --name {n} -l berth.test={r} berth-test/busybox echo x"],
  [
    'init, read-only, tmpfs, stop signal and timeout',
    'docker run -d --init --read-only --tmpfs /run:size=1m --tmpfs /tmp --stop-signal SIGINT --stop-timeout 5 --name {n} -l berth.test={r} berth-test/busybox sleep 300',
  ],
  [
    'hosts and DNS',
    'docker run -d --add-host db:10.0.0.2 --add-host cache=10.0.0.3 --dns 1.1.1.1 --dns-search example.com --dns-option ndots:2 --name {n} -l berth.test={r} berth-test/busybox sleep 300',
  ],
  [
    'logging, ulimits, sysctls, groups',
    'docker run -d --log-driver json-file --log-opt max-size=1m --log-opt max-file=2 --ulimit nofile=1024:2048 --sysctl net.core.somaxconn=1024 --group-add 1000 --name {n} -l berth.test={r} berth-test/busybox sleep 300',
  ],
  [
    'capabilities (host power)',
    'docker run -d --cap-add NET_ADMIN --cap-add sys_time --cap-drop chown --name {n} -l berth.test={r} berth-test/busybox sleep 300',
  ],
  [
    'privileged, host pid, device (host power)',
    'docker run --privileged --pid host --device /dev/null:/dev/mynull:r --name {n} -l berth.test={r} berth-test/busybox sleep 300',
  ],
  [
    'host network (host power)',
    'docker run -d --network host --name {n} -l berth.test={r} berth-test/busybox sleep 300',
  ],
  [
    'volumes from another container',
    'docker run -d --volumes-from {donor}:ro --name {n} -l berth.test={r} berth-test/busybox sleep 300',
  ],
  [
    'publish all',
    'docker run -dP --expose 80 --expose 81/udp --name {n} -l berth.test={r} berth-test/busybox sleep 300',
  ],
  [
    'notes style: continuations, combined flags, a comment',
    `docker run -dit \\\n  --name {n} \\\n  -l berth.test={r} \\\n  -p127.0.0.1:18081:80 \\\n  -v ${VOL}:/data:nocopy \\\n  berth-test/busybox sh   # a shell to poke at`,
  ],
  ['docker container create', 'docker container create --name {n} -l berth.test={r} -e MODE=test berth-test/busybox'],
];

describe('a docker run line makes the same container in Berth as with the docker CLI', () => {
  it.each(LINES)('%s', async (_what, template) => {
    const base = uniqueName('line');
    const fill = (n: string) =>
      template.replaceAll('{n}', n).replaceAll('{r}', RUN_ID).replaceAll('{tmp}', tmp).replaceAll('{donor}', donor);
    const detached = parseRunLine(fill('x')).spec.detach;
    const cliId = await cliCreate(fill(`${base}-cli`), detached);
    const outcome = await berthCreate(fill(`${base}-berth`));
    expect(outcome).toMatchObject({ outcome: 'created', name: `${base}-berth` });
    const [cli, berth] = await Promise.all([d.getContainer(cliId).inspect(), d.getContainer(outcome.id).inspect()]);
    expect(comparable(berth)).toEqual(comparable(cli));

    // "Copy as docker run" from the CLI's container gives back the line's spec.
    const back = await ok<SpecFromContainer>('containers.runSpec', { id: cliId });
    const line = parseRunLine(fill(`${base}-cli`)).spec;
    expect(back.unsupported).toEqual([]);
    expect(canonical(back.spec)).toEqual(canonical({ ...line, detach: line.detach }));
  });

  it('runs (docker run -d) a container that the engine starts, like the CLI does', async () => {
    const name = uniqueName('rund');
    const line = `docker run -d --name ${name} -l berth.test=${RUN_ID} -p 127.0.0.1:18090:80 berth-test/busybox httpd -f -p 80`;
    const { spec } = parseRunLine(line);
    const r = await ok<RunOutcome>('containers.run', { spec });
    expect(r.outcome).toBe('started');
    expect((await inspectState(r.id)).Running).toBe(true);
    const cfg = (await d.getContainer(r.id).inspect()).Config;
    expect([cfg.AttachStdout, cfg.AttachStderr, cfg.AttachStdin]).toEqual([false, false, false]);
    // The container answers on the published port (loopback only).
    await waitFor(async () => (await fetch('http://127.0.0.1:18090/').catch(() => undefined))?.status === 404);
    await d.getContainer(r.id).remove({ force: true });
  });
});

/** Specs compared regardless of the order the engine lists things in, and of the name. */
function canonical(s: RunSpec) {
  // Ranges come back one port per row (the engine stores them so).
  const ports = s.ports.flatMap((p) => {
    const [c0 = 0, c1 = c0] = p.containerPort.split('-').map(Number);
    const [h0, h1] = p.hostPort ? p.hostPort.split('-').map(Number) : [];
    if (c0 === c1) return [p];
    return Array.from({ length: c1 - c0 + 1 }, (_, k) => ({
      ...p,
      containerPort: String(c0 + k),
      hostPort: h0 === undefined || h1 === undefined ? '' : String(h0 + k),
    }));
  });
  return {
    ...s,
    name: '',
    // An entrypoint reset on an image without one leaves no trace.
    entrypoint: s.entrypoint?.join('') === '' ? undefined : s.entrypoint,
    env: [...s.env].sort(),
    labels: s.labels.map((l) => (l.includes('=') ? l : `${l}=`)).sort(),
    ports: ports.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    expose: [...s.expose].sort(),
    mounts: [...s.mounts].sort((a, b) => a.target.localeCompare(b.target)),
    tmpfs: [...s.tmpfs].sort(),
    capAdd: [...s.capAdd].sort(),
    capDrop: [...s.capDrop].sort(),
    logOpts: [...s.logOpts].sort(),
    sysctls: [...s.sysctls].sort(),
    extraHosts: s.extraHosts.map((h) => h.replace('=', ':')),
  };
}

describe('host power needs an explicit confirmation', () => {
  it('refuses unconfirmed grants, names each one, and creates nothing', async () => {
    const name = uniqueName('power');
    const { spec } = parseRunLine(
      `docker run -d --name ${name} -l berth.test=${RUN_ID} --privileged --pid=host --network host --cap-add net_admin --device /dev/fuse -v /:/host:ro -v /var/run/docker.sock:/var/run/docker.sock -v ${tmp}:/ok berth-test/busybox true`,
    );
    const grants = await ok<string[]>('containers.hostPower', { spec });
    expect(grants).toEqual([
      'privileged',
      'pid=host',
      'network=host',
      'cap-add=CAP_NET_ADMIN',
      'device=/dev/fuse',
      'bind=/',
      'bind=/var/run/docker.sock',
    ]);
    const refused = await call('containers.run', { spec, confirmHostPower: grants.slice(1) });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('permission_denied');
      expect(refused.error.issues?.map((i) => i.message)).toEqual(grants);
      expect(refused.error.message).toContain('privileged');
    }
    expect(await exists(name)).toBe(false);
    const made = await ok<RunOutcome>('containers.run', { spec, start: false, confirmHostPower: grants });
    expect(made.outcome).toBe('created');
    expect((await d.getContainer(made.id).inspect()).HostConfig.Privileged).toBe(true);
  });

  it('treats folders holding the engine socket and system folders as host power, not ordinary binds', async () => {
    const spec = parseRunLine(
      `docker run -v /var/run:/r -v /etc:/e -v /proc/sys:/p -v ${tmp}:/t -v /etc/localtime:/etc/localtime:ro berth-test/busybox`,
    ).spec;
    expect(await ok<string[]>('containers.hostPower', { spec })).toEqual([
      'bind=/var/run',
      'bind=/etc',
      'bind=/proc/sys',
    ]);
  });
});

describe('errors land next to the field that caused them', () => {
  const run = (line: string, extra: object = {}) =>
    call<RunOutcome>('containers.run', { spec: parseRunLine(line).spec, ...extra });

  it('name already in use -> spec.name, conflict; nothing else created', async () => {
    const name = uniqueName('dup');
    await ok('containers.run', {
      spec: parseRunLine(`docker run --name ${name} -l berth.test=${RUN_ID} berth-test/busybox`).spec,
      start: false,
    });
    const before = (await d.listContainers({ all: true })).length;
    const r = await run(`docker run -d --name ${name} -l berth.test=${RUN_ID} berth-test/busybox`);
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict', issues: [{ path: 'spec.name' }] } });
    expect((await d.listContainers({ all: true })).length).toBeLessThanOrEqual(before);
  });

  it('unknown network -> spec.network, not_found', async () => {
    const name = uniqueName('nonet');
    const r = await run(
      `docker run -d --name ${name} -l berth.test=${RUN_ID} --network berth-no-such-net-${RUN_ID} berth-test/busybox`,
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'not_found', issues: [{ path: 'spec.network' }] } });
    expect(await exists(name)).toBe(false);
  });

  it('missing image -> spec.image with the docker pull hint, nothing created', async () => {
    const name = uniqueName('noimg');
    const r = await run(`docker run -d --name ${name} berth-test/not-here:${RUN_ID}`);
    expect(r).toMatchObject({ ok: false, error: { code: 'not_found', issues: [{ path: 'spec.image' }] } });
    if (!r.ok) expect(r.error.message).toContain(`docker pull berth-test/not-here:${RUN_ID}`);
    expect(await exists(name)).toBe(false);
  });

  it('bad port and volume syntax -> invalid_input at the row, before the engine is asked', async () => {
    const spec = parseRunLine('docker run berth-test/busybox').spec;
    const bad: RunSpec = {
      ...spec,
      ports: [
        { hostIp: '', hostPort: '8080', containerPort: '80', proto: 'tcp' },
        { hostIp: '1.2.3', hostPort: '99999', containerPort: 'x', proto: 'tcp' },
      ],
      mounts: [
        { type: 'bind', source: 'relative/path', target: 'data', readOnly: false, options: [], viaMount: false },
      ],
    };
    const r = await call('containers.run', { spec: bad });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid_input');
      expect(r.error.issues?.map((i) => i.path).sort()).toEqual(
        [
          'spec.mounts.0.source',
          'spec.mounts.0.target',
          'spec.ports.1.containerPort',
          'spec.ports.1.hostIp',
          'spec.ports.1.hostPort',
        ].sort(),
      );
    }
    // Schema-level problems come back with paths too.
    const r2 = await call('containers.run', { spec: { ...spec, name: 'a b', restart: { name: 'sometimes' } } });
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.error.issues?.map((i) => i.path).sort()).toEqual(['spec.name', 'spec.restart.name']);
  });

  it('host port already published by a container -> spec.ports.N.hostPort, nothing created', async () => {
    const holder = uniqueName('holder');
    const first = await ok<RunOutcome>('containers.run', {
      spec: parseRunLine(
        `docker run -d --name ${holder} -l berth.test=${RUN_ID} -p 127.0.0.1:18095:80 berth-test/busybox sleep 300`,
      ).spec,
    });
    expect(first.outcome).toBe('started');
    const name = uniqueName('second');
    const r = await run(
      `docker run -d --name ${name} -l berth.test=${RUN_ID} -p 127.0.0.1:18096:81 -p 127.0.0.1:18095:80 berth-test/busybox sleep 300`,
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict', issues: [{ path: 'spec.ports.1.hostPort' }] } });
    if (!r.ok) expect(r.error.message).toContain(holder);
    expect(await exists(name)).toBe(false);
  });

  let server: Server | undefined;
  afterAll(() => server?.close());

  it('created but failed to start (port held by another program) -> kept, said so, with the field', async () => {
    server = createServer();
    const port = await new Promise<number>((resolve) =>
      server!.listen(0, '127.0.0.1', () => resolve((server!.address() as { port: number }).port)),
    );
    const name = uniqueName('nostart');
    const r = await ok<RunOutcome>('containers.run', {
      spec: parseRunLine(
        `docker run -d --name ${name} -l berth.test=${RUN_ID} -p 127.0.0.1:${port}:80 berth-test/busybox sleep 300`,
      ).spec,
    });
    expect(r.outcome).toBe('start_failed');
    expect(r.startError?.issues?.[0]?.path).toBe('spec.ports.0.hostPort');
    expect(r.startError?.message).toMatch(/address already in use|already allocated/);
    const state = await inspectState(r.id);
    expect(state.Running).toBe(false);
    expect(await exists(r.id)).toBe(true);
  });

  it('created but failed to start (no such command) -> kept, with the command field', async () => {
    const name = uniqueName('nocmd');
    const r = await ok<RunOutcome>('containers.run', {
      spec: parseRunLine(`docker run -d --name ${name} -l berth.test=${RUN_ID} berth-test/busybox no-such-program`)
        .spec,
    });
    expect(r.outcome).toBe('start_failed');
    expect(r.startError?.issues?.[0]?.path).toBe('spec.cmd');
    expect(await exists(r.id)).toBe(true);
  });
});

describe('edit and recreate', () => {
  it('replaces the container under the same name, keeps named and anonymous volume data, loses the writable layer', async () => {
    const name = uniqueName('recreate');
    const vol = `berth-rec-${RUN_ID}`;
    volumesMade.add(vol);
    const line = `docker run -d --name ${name} -l berth.test=${RUN_ID} -v ${vol}:/named -v /anon -e STAGE=one --stop-timeout 1 berth-test/busybox sleep 300`;
    const first = await ok<RunOutcome>('containers.run', { spec: parseRunLine(line).spec });

    await execText(first.id, 'echo n > /named/f; echo a > /anon/f; echo w > /layer');

    const current = await ok<SpecFromContainer>('containers.runSpec', { id: first.id });
    expect(formatRunCommand(current.spec)).toContain(`-v ${vol}:/named`);
    const edited: RunSpec = {
      ...current.spec,
      env: ['STAGE=two'],
      ports: [{ hostIp: '127.0.0.1', hostPort: '18097', containerPort: '80', proto: 'tcp' }],
    };
    const r = await ok<RunOutcome>('containers.recreate', { id: first.id, spec: edited });
    expect(r).toMatchObject({ name, outcome: 'started' });
    expect(r.id).not.toBe(first.id);
    expect(await exists(first.id)).toBe(false);
    const now = await d.getContainer(name).inspect();
    // The anonymous volume now hangs off the new container by name, so `rm -v` no longer takes it: remove it after.
    const anon = now.Mounts.find((m) => m.Destination === '/anon')?.Name;
    if (anon) volumesMade.add(anon);
    expect(now.Id).toBe(r.id);
    expect(now.Config.Env).toContain('STAGE=two');
    expect(now.HostConfig.PortBindings).toEqual({ '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '18097' }] });
    expect(await execText(r.id, 'cat /named/f /anon/f; cat /layer 2>&1 || true')).toMatch(
      /^n\r?\na\r?\n.*No such file/s,
    );
  });

  it('puts the old container back, unchanged and running, when the new one cannot start', async () => {
    const name = uniqueName('rollback');
    const first = await ok<RunOutcome>('containers.run', {
      spec: parseRunLine(
        `docker run -d --name ${name} -l berth.test=${RUN_ID} --stop-timeout 1 berth-test/busybox sleep 300`,
      ).spec,
    });
    const current = await ok<SpecFromContainer>('containers.runSpec', { id: first.id });
    const r = await call('containers.recreate', { id: first.id, spec: { ...current.spec, cmd: ['no-such-program'] } });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toMatch(/as it was/);
      expect(r.error.issues?.[0]?.path).toBe('spec.cmd');
    }
    const back = await d.getContainer(name).inspect();
    expect(back.Id).toBe(first.id);
    expect(back.State.Running).toBe(true);
    const names = (
      await d.listContainers({ all: true, filters: JSON.stringify({ label: [`berth.test=${RUN_ID}`] }) })
    ).flatMap((c) => c.Names);
    expect(names.filter((n) => n.includes(`${name}-berth-old`))).toEqual([]);
  });

  it('refuses a different name, and unconfirmed host power, touching nothing', async () => {
    const name = uniqueName('keep');
    const first = await ok<RunOutcome>('containers.run', {
      spec: parseRunLine(`docker run -d --name ${name} -l berth.test=${RUN_ID} berth-test/busybox sleep 300`).spec,
    });
    const current = await ok<SpecFromContainer>('containers.runSpec', { id: first.id });
    const renamed = await call('containers.recreate', { id: first.id, spec: { ...current.spec, name: `${name}-x` } });
    expect(renamed).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'spec.name' }] } });
    const power = await call('containers.recreate', { id: first.id, spec: { ...current.spec, privileged: true } });
    expect(power).toMatchObject({ ok: false, error: { code: 'permission_denied' } });
    const still = await d.getContainer(name).inspect();
    expect(still.Id).toBe(first.id);
    expect(still.State.Running).toBe(true);
  });
});
