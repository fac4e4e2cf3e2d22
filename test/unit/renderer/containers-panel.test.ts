import { describe, expect, it, vi } from 'vitest';
import type { ContainerSummary } from '../../../preload/contract/containers.contract';
import { formatPort, visibleContainers } from '../../../renderer/src/containers/ContainersPanel';

// The panel module imports the live stores (which pick a bridge from `window`):
// only its pure helpers are under test here.
vi.mock('../../../renderer/src/stores', () => ({ useContainers: vi.fn() }));
vi.mock('../../../renderer/src/stores/settings.store', () => ({ useSettings: vi.fn() }));

let seq = 0;
function container(over: Partial<ContainerSummary> & Pick<ContainerSummary, 'name'>): ContainerSummary {
  seq++;
  return {
    id: `${seq.toString(16).padStart(4, '0')}${'ab'.repeat(30)}`,
    image: 'nginx:latest',
    imageId: 'sha256:0',
    command: 'nginx -g daemon off;',
    created: 1_700_000_000 + seq,
    state: 'running',
    status: 'Up 1 minute',
    ports: [],
    labels: {},
    ...over,
  };
}

const byId = (rows: ContainerSummary[]) => new Map(rows.map((r) => [r.id, r]));
const names = (rows: ContainerSummary[]) => rows.map((r) => r.name);

describe('formatPort', () => {
  it('shows an unpublished port as port/proto', () => {
    expect(formatPort({ privatePort: 80, type: 'tcp' })).toBe('80/tcp');
    expect(formatPort({ privatePort: 53, type: 'udp', ip: '127.0.0.1' })).toBe('53/udp');
  });

  it('shows a published port with its address', () => {
    expect(formatPort({ privatePort: 80, publicPort: 8080, type: 'tcp' })).toBe('0.0.0.0:8080→80/tcp');
    expect(formatPort({ privatePort: 80, publicPort: 8080, ip: '0.0.0.0', type: 'tcp' })).toBe('0.0.0.0:8080→80/tcp');
    expect(formatPort({ privatePort: 5432, publicPort: 15432, ip: '127.0.0.1', type: 'tcp' })).toBe(
      '127.0.0.1:15432→5432/tcp',
    );
  });

  it('brackets an IPv6 address', () => {
    expect(formatPort({ privatePort: 80, publicPort: 8080, ip: '::', type: 'tcp' })).toBe('[::]:8080→80/tcp');
    expect(formatPort({ privatePort: 53, publicPort: 5353, ip: '::1', type: 'udp' })).toBe('[::1]:5353→53/udp');
  });
});

describe('visibleContainers', () => {
  const web = container({ name: 'web', image: 'nginx:1.27', state: 'running', created: 300 });
  const db = container({ name: 'db', image: 'postgres:16', state: 'exited', created: 200 });
  const cache = container({ name: 'cache', image: 'redis:7', state: 'paused', created: 100 });
  const job = container({ name: 'job', image: 'busybox', state: 'restarting', created: 400 });
  const fresh = container({ name: 'fresh', image: 'alpine', state: 'created', created: 500 });
  const gone = container({ name: 'gone', image: 'alpine', state: 'dead', created: 50 });
  const all = byId([web, db, cache, job, fresh, gone]);

  it('shows only running, restarting and paused containers unless "all"', () => {
    expect(names(visibleContainers(all, false, ''))).toEqual(['job', 'web', 'cache']);
  });

  it('shows every container with "all", newest first', () => {
    expect(names(visibleContainers(all, true, ''))).toEqual(['fresh', 'job', 'web', 'db', 'cache', 'gone']);
  });

  it('breaks a tie on created by name', () => {
    const a = container({ name: 'b-second', created: 10 });
    const b = container({ name: 'a-first', created: 10 });
    expect(names(visibleContainers(byId([a, b]), true, ''))).toEqual(['a-first', 'b-second']);
  });

  it('filters by name, case-insensitively and ignoring surrounding spaces', () => {
    expect(names(visibleContainers(all, true, 'WE'))).toEqual(['web']);
    expect(names(visibleContainers(all, true, '  db  '))).toEqual(['db']);
  });

  it('filters by image', () => {
    expect(names(visibleContainers(all, true, 'postgres'))).toEqual(['db']);
    expect(names(visibleContainers(all, true, 'alpine'))).toEqual(['fresh', 'gone']);
  });

  it('filters by id prefix only (not by a fragment in the middle)', () => {
    expect(names(visibleContainers(all, true, db.id.slice(0, 6)))).toEqual(['db']);
    expect(visibleContainers(all, true, db.id.slice(2, 10))).toEqual([]);
  });

  it('combines the filter with running-only', () => {
    expect(names(visibleContainers(all, false, 'postgres'))).toEqual([]);
    expect(names(visibleContainers(all, false, 'redis'))).toEqual(['cache']);
  });

  it('returns a new array and leaves the map untouched', () => {
    const before = [...all.keys()];
    const rows = visibleContainers(all, true, '');
    rows.pop();
    expect([...all.keys()]).toEqual(before);
    expect(visibleContainers(all, true, '')).toHaveLength(6);
  });

  it('handles an empty map', () => {
    expect(visibleContainers(new Map(), true, 'x')).toEqual([]);
  });
});
