import { describe, expect, it } from 'vitest';
import type { ContainerSummary } from '../../../preload/contract/containers.contract';
import { BerthError } from '../../../preload/contract/errors';
import {
  COMPOSE_PROJECT,
  filterState,
  sectionContainers,
  shortImage,
  sortContainers,
} from '../../../renderer/src/containers/container-rows';
import { containerCommands } from '../../../renderer/src/lib/docker-command';
import { errorFields, fieldError, grantsOf, localProblems } from '../../../renderer/src/lib/run-command';
import { emptyRunSpec } from '../../../preload/contract/containers.contract';

let n = 0;
const c = (name: string, over: Partial<ContainerSummary> = {}): ContainerSummary => ({
  id: `${(++n).toString(16).padStart(4, '0')}${'a'.repeat(60)}`,
  name,
  image: 'img',
  imageId: 'sha256:0',
  command: '',
  created: n,
  state: 'running',
  status: '',
  ports: [],
  labels: {},
  ...over,
});
const names = (rows: ContainerSummary[]) => rows.map((r) => r.name);

describe('sorting, sections and filters', () => {
  const web = c('web', { image: 'nginx', created: 30, state: 'running' });
  const db = c('db', { image: 'postgres', created: 10, state: 'exited' });
  const api = c('api', { image: 'node', created: 20, state: 'paused' });

  it('sorts by each column both ways, ties by name', () => {
    expect(names(sortContainers([web, db, api], { key: 'name', dir: 'asc' }))).toEqual(['api', 'db', 'web']);
    expect(names(sortContainers([web, db, api], { key: 'name', dir: 'desc' }))).toEqual(['web', 'db', 'api']);
    expect(names(sortContainers([web, db, api], { key: 'image', dir: 'asc' }))).toEqual(['web', 'api', 'db']);
    expect(names(sortContainers([web, db, api], { key: 'created', dir: 'desc' }))).toEqual(['web', 'api', 'db']);
    expect(names(sortContainers([web, db, api], { key: 'status', dir: 'asc' }))).toEqual(['web', 'api', 'db']);
    const twin = c('aaa', { created: 30 });
    expect(names(sortContainers([web, twin], { key: 'created', dir: 'desc' }))).toEqual(['aaa', 'web']);
  });

  it('puts pinned first, then Compose projects by name, then the rest', () => {
    const a1 = c('a1', { labels: { [COMPOSE_PROJECT]: 'shop' } });
    const b1 = c('b1', { labels: { [COMPOSE_PROJECT]: 'blog' } });
    const b2 = c('b2', { labels: { [COMPOSE_PROJECT]: 'blog' } });
    const lone = c('lone');
    const fav = c('fav', { labels: { [COMPOSE_PROJECT]: 'shop' } });
    const sections = sectionContainers([a1, b1, lone, fav, b2], { pinned: new Set(['fav']), byProject: true });
    expect(sections.map((s) => [s.key, names(s.rows)])).toEqual([
      ['pinned', ['fav']],
      ['project:blog', ['b1', 'b2']],
      ['project:shop', ['a1']],
      ['rest', ['lone']],
    ]);
    const flat = sectionContainers([a1, b1, lone], { pinned: new Set(), byProject: false });
    expect(flat.map((s) => [s.key, names(s.rows)])).toEqual([['rest', ['a1', 'b1', 'lone']]]);
  });

  it('filters by state', () => {
    expect(names(filterState([web, db, api], 'exited'))).toEqual(['db']);
    expect(filterState([web, db], '')).toHaveLength(2);
  });

  it('shows an untagged image by its short id, as docker ps does', () => {
    expect(shortImage(`sha256:${'ab'.repeat(32)}`)).toBe('abababababab');
    expect(shortImage('nginx:1')).toBe('nginx:1');
  });
});

describe('docker commands shown for the new actions', () => {
  it('builds them', () => {
    expect(containerCommands.kill('web')).toBe('docker kill web');
    expect(containerCommands.kill('web', 'SIGHUP')).toBe('docker kill -s SIGHUP web');
    expect(containerCommands.stop('web', 5)).toBe('docker stop -t 5 web');
    expect(containerCommands.rename('a', 'b')).toBe('docker rename a b');
    expect(containerCommands.pause('web')).toBe('docker pause web');
    expect(containerCommands.copyOut('web', '/etc/hosts')).toBe('docker cp web:/etc/hosts .');
    expect(containerCommands.copyOut('web', '/srv/my site', true)).toBe(
      "docker cp 'web:/srv/my site' - > 'my site.tar'",
    );
    expect(
      containerCommands.commit('web', { repo: 'me/app', tag: 'v1', message: 'a b', author: 'Me', pause: false }),
    ).toBe("docker commit -m 'a b' -a Me --pause=false web me/app:v1");
    expect(containerCommands.bulk('stop', ['a', 'b'])).toBe('docker stop a b');
    expect(containerCommands.bulk('rm', ['a', 'b'], { force: true, removeVolumes: true })).toBe('docker rm -f -v a b');
    expect(containerCommands.pruneExact(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'])).toBe('docker rm a b c d e f … (+2)');
  });
});

describe('run form errors', () => {
  it('maps main\u2019s issues to the form\u2019s fields, and finds a row\u2019s by prefix', () => {
    const e = new BerthError('conflict', 'x', [
      { path: 'spec.ports.1.hostPort', message: 'taken' },
      { path: 'spec.name', message: 'in use' },
      { path: 'confirmHostPower', message: 'privileged' },
    ]);
    const f = errorFields(e);
    expect(f).toEqual({ 'ports.1.hostPort': 'taken', name: 'in use' });
    expect(fieldError(f, 'ports.1')).toBe('taken');
    expect(fieldError(f, 'ports.0')).toBeUndefined();
    expect(grantsOf(e)).toEqual([]);
    expect(
      grantsOf(new BerthError('permission_denied', 'x', [{ path: 'confirmHostPower', message: 'pid=host' }])),
    ).toEqual(['pid=host']);
    expect(localProblems({ ...emptyRunSpec('img'), workdir: 'x' })).toEqual({
      workdir: 'the working directory must be an absolute path',
    });
  });
});
