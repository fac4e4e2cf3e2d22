import { describe, expect, it } from 'vitest';
import type Docker from 'dockerode';
import { apiAtLeast, toVolumeSummary, usesByVolume } from '../../../main/services/volumes.service';
import {
  VolumeStringMap,
  isAnonymousVolume,
  volumesCalls,
  type VolumeSummary,
} from '../../../preload/contract/volumes.contract';
import { dockerCommand } from '../../../renderer/src/lib/docker-command';
import { volumeCommands } from '../../../renderer/src/lib/volumes-commands';
import {
  childPath,
  crumbs,
  parentPath,
  shortVolumeName,
  uploadChunks,
  uploadTooBig,
  visibleVolumes,
} from '../../../renderer/src/volumes/volume-helpers';

const HEX = 'a'.repeat(64);

function vol(name: string, over: Partial<VolumeSummary> = {}): VolumeSummary {
  return {
    name,
    driver: 'local',
    mountpoint: `/var/lib/docker/volumes/${name}/_data`,
    scope: 'local',
    anonymous: isAnonymousVolume(name, {}),
    labels: {},
    options: {},
    usedBy: [],
    ...over,
  };
}

describe('anonymous volumes', () => {
  it('are named with 64 hex digits, or labelled so by newer engines', () => {
    expect(isAnonymousVolume(HEX, null)).toBe(true);
    expect(isAnonymousVolume('data', { 'com.docker.volume.anonymous': '' })).toBe(true);
    expect(isAnonymousVolume('data', {})).toBe(false);
    expect(isAnonymousVolume('A'.repeat(64), {})).toBe(false);
    expect(isAnonymousVolume('a'.repeat(63), {})).toBe(false);
  });
});

describe('engine shapes to DTOs', () => {
  const containers = [
    {
      Id: 'c1',
      Names: ['/web'],
      State: 'running',
      Image: 'nginx',
      Labels: {},
      Mounts: [
        { Type: 'volume', Name: 'data', Destination: '/srv', RW: true },
        { Type: 'bind', Source: '/tmp', Destination: '/tmp', RW: true },
        { Type: 'volume', Name: HEX, Destination: '/cache', RW: false },
      ],
    },
    {
      Id: 'h1',
      Names: ['/helper'],
      State: 'created',
      Image: 'x',
      Labels: { 'berth.helper': 'true' },
      Mounts: [{ Type: 'volume', Name: 'data', Destination: '/volume', RW: true }],
    },
  ] as unknown as Docker.ContainerInfo[];

  it('maps which containers use which volume, leaving out Berth’s helpers unless asked', () => {
    const uses = usesByVolume(containers);
    expect(uses.get('data')).toEqual([
      { id: 'c1', name: 'web', state: 'running', image: 'nginx', destination: '/srv', readOnly: false },
    ]);
    expect(uses.get(HEX)?.[0]?.readOnly).toBe(true);
    expect(usesByVolume(containers, { includeHelpers: true }).get('data')).toHaveLength(2);
  });

  it('maps a volume row (created time, null labels/options)', () => {
    const v = toVolumeSummary(
      { Name: HEX, Driver: 'local', Mountpoint: '/m', CreatedAt: '2024-01-02T03:04:05Z', Labels: null, Options: null },
      usesByVolume(containers),
    );
    expect(v).toMatchObject({
      name: HEX,
      anonymous: true,
      labels: {},
      options: {},
      created: 1704164645,
      scope: 'local',
    });
    expect(v.usedBy.map((u) => u.name)).toEqual(['web']);
    expect(toVolumeSummary({ Name: 'x1', Driver: 'local', Mountpoint: '/m' }, new Map()).created).toBeUndefined();
  });

  it('compares API versions as numbers', () => {
    expect(apiAtLeast('1.41', '1.42')).toBe(false);
    expect(apiAtLeast('1.42', '1.42')).toBe(true);
    expect(apiAtLeast('1.51', '1.42')).toBe(true);
    expect(apiAtLeast('2.0', '1.42')).toBe(true);
    expect(apiAtLeast(undefined, '1.42')).toBe(false);
  });
});

describe('contract input checks', () => {
  const parse = <K extends keyof typeof volumesCalls>(k: K, v: unknown) => volumesCalls[k].input.safeParse(v).success;
  it('accepts engine names and refuses what would escape a URL path or a volume', () => {
    expect(parse('volumes.create', { name: 'my_data.1-x' })).toBe(true);
    expect(parse('volumes.create', {})).toBe(true);
    for (const name of ['a', '../x', 'a/b', '-x', '.x', 'a b', 'a'.repeat(256)])
      expect(parse('volumes.create', { name })).toBe(false);
    expect(parse('volumes.browse', { name: 'data', path: '/a/b' })).toBe(true);
    for (const path of ['a', '/a/../b', '/..', '/a\0'])
      expect(parse('volumes.browse', { name: 'data', path })).toBe(false);
    for (const p of ['../x', '/abs', 'a//b', 'a/./b', 'a\\b']) {
      expect(parse('volumes.uploadCommit', { uploadId: 'abcdefgh', name: 'data', files: [{ path: p, size: 1 }] })).toBe(
        false,
      );
    }
    expect(
      VolumeStringMap.safeParse(Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, 'v']))).success,
    ).toBe(false);
  });
});

describe('renderer helpers', () => {
  const rows = new Map(
    [
      vol('zeta'),
      vol('alpha', {
        usedBy: [{ id: 'c', name: 'web', state: 'running', image: 'i', destination: '/d', readOnly: false }],
      }),
      vol(HEX),
    ].map((v) => [v.name, v]),
  );
  it('filters by kind and text, anonymous last', () => {
    expect(visibleVolumes(rows, '', 'all').map((v) => v.name)).toEqual(['alpha', 'zeta', HEX]);
    expect(visibleVolumes(rows, '', 'anonymous').map((v) => v.name)).toEqual([HEX]);
    expect(visibleVolumes(rows, '', 'named').map((v) => v.name)).toEqual(['alpha', 'zeta']);
    expect(visibleVolumes(rows, '', 'unused').map((v) => v.name)).toEqual(['zeta', HEX]);
    expect(visibleVolumes(rows, 'WEB', 'all').map((v) => v.name)).toEqual(['alpha']);
  });
  it('shortens anonymous names only', () => {
    expect(shortVolumeName(vol(HEX))).toBe(`${'a'.repeat(12)}…`);
    expect(shortVolumeName(vol('data'))).toBe('data');
  });
  it('walks paths', () => {
    expect(parentPath('/a/b')).toBe('/a');
    expect(parentPath('/a')).toBe('/');
    expect(parentPath('/')).toBe('/');
    expect(childPath('/', 'x')).toBe('/x');
    expect(childPath('/a', 'x')).toBe('/a/x');
    expect(crumbs('/a/b', 'vol')).toEqual([
      ['vol', '/'],
      ['a', '/a'],
      ['b', '/a/b'],
    ]);
  });
  it('cuts files into upload chunks across file borders, losing nothing', () => {
    const files = [new Uint8Array(5).fill(1), new Uint8Array(0), new Uint8Array(9).fill(2), new Uint8Array(3).fill(3)];
    const chunks = [...uploadChunks(files, 4)];
    expect(chunks.map((c) => c.length)).toEqual([4, 4, 4, 4, 1]);
    expect(Buffer.concat(chunks.map((c) => Buffer.from(c)))).toEqual(Buffer.concat(files.map((f) => Buffer.from(f))));
    expect([...uploadChunks([], 4)]).toEqual([]);
    expect(uploadTooBig([64 * 1024 * 1024])).toBe(false);
    expect(uploadTooBig([64 * 1024 * 1024, 1])).toBe(true);
  });
  it('shows the equivalent docker commands', () => {
    // (quoted by the shared dockerCommand, which escapes "=" and ":")
    expect(
      volumeCommands.create({ name: 'data', driver: 'local', driverOpts: { type: 'tmpfs' }, labels: { a: 'b' } }),
    ).toBe(dockerCommand('volume', 'create', '--opt', 'type=tmpfs', '--label', 'a=b', 'data'));
    expect(volumeCommands.create({ name: 'data', driver: 'nfs' })).toBe('docker volume create --driver nfs data');
    expect(volumeCommands.create({})).toBe('docker volume create');
    expect(volumeCommands.prune(true, false)).toBe('docker volume prune --all');
    expect(volumeCommands.prune(true, true)).toBe('docker volume prune');
    expect(volumeCommands.pruneExact(['a', 'b'])).toBe('docker volume rm a b');
    expect(volumeCommands.pruneExact(Array.from({ length: 8 }, (_, i) => `v${i}`))).toContain('(+2)');
    expect(volumeCommands.volumesFrom('web')).toBe('docker run -it --volumes-from web IMAGE');
  });
});
