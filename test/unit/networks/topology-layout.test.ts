import { describe, expect, it } from 'vitest';
import type { NetworkMember, NetworkSummary } from '../../../preload/contract/networks.contract';
import { TOPO, fit, layoutTopology, overlaps, type Box } from '../../../renderer/src/networks/topology-layout';

function network(i: number, members: NetworkMember[], over: Partial<NetworkSummary> = {}): NetworkSummary {
  return {
    id: `${i.toString(16).padStart(4, '0')}${'c'.repeat(60)}`,
    name: `net-${String(i).padStart(2, '0')}`,
    driver: 'bridge',
    scope: 'local',
    internal: false,
    attachable: false,
    ingress: false,
    ipv6: false,
    builtIn: false,
    subnets: [{ subnet: `10.213.${i}.0/24` }],
    labels: {},
    options: {},
    containers: members,
    ...over,
  };
}

/** 50 containers on 10 networks: each on 1–3 networks, some stopped, some with long aliases. */
function fixture(): NetworkSummary[] {
  const members: NetworkMember[][] = Array.from({ length: 10 }, () => []);
  for (let c = 0; c < 50; c++) {
    const nets = [c % 10, (c * 3 + 1) % 10, (c * 7 + 2) % 10].slice(0, 1 + (c % 3));
    for (const n of new Set(nets)) {
      members[n]?.push({
        id: `${c.toString(16).padStart(4, '0')}${'a'.repeat(60)}`,
        name: `service-${c}-with-a-rather-long-container-name`,
        state: c % 7 === 0 ? 'exited' : 'running',
        image: 'busybox',
        active: c % 7 !== 0,
        ...(c % 7 !== 0 ? { ipv4: `10.213.${n}.${c + 2}` } : {}),
        aliases: c % 4 === 0 ? ['primary-database-alias', 'another-alias'] : [],
      });
    }
  }
  return members.map((m, i) => network(i, m));
}

function allBoxes(l: ReturnType<typeof layoutTopology>): { what: string; box: Box }[] {
  return [
    ...l.networks.map((n) => ({ what: `network ${n.name}`, box: n as Box })),
    ...l.containers.map((c) => ({ what: `container ${c.name}`, box: c as Box })),
    ...l.edges.map((e) => ({ what: `label ${e.networkId.slice(0, 4)}:${e.containerId.slice(0, 4)}`, box: e.labelBox })),
  ];
}

describe('topology layout', () => {
  const nets = fixture();
  const l = layoutTopology(nets);

  it('places every network and every container once, and every attachment as an edge', () => {
    expect(l.networks).toHaveLength(10);
    expect(l.containers).toHaveLength(50);
    expect(new Set(l.containers.map((c) => c.id)).size).toBe(50);
    expect(l.edges).toHaveLength(nets.reduce((s, n) => s + n.containers.length, 0));
  });

  it('has no overlapping boxes (nodes, network headers, edge labels), 50 containers on 10 networks', () => {
    const boxes = allBoxes(l);
    const clashes: string[] = [];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++)
        if (overlaps(boxes[i]!.box, boxes[j]!.box)) clashes.push(`${boxes[i]!.what} × ${boxes[j]!.what}`);
    expect(clashes).toEqual([]);
  });

  it('keeps everything inside the drawing, and labels inside their network column', () => {
    for (const { what, box } of allBoxes(l)) {
      expect(box.x, what).toBeGreaterThanOrEqual(0);
      expect(box.y, what).toBeGreaterThanOrEqual(0);
      expect(box.x + box.w, what).toBeLessThanOrEqual(l.width);
      expect(box.y + box.h, what).toBeLessThanOrEqual(l.height);
    }
    const col = new Map(l.networks.map((n) => [n.id, n]));
    for (const e of l.edges) {
      const n = col.get(e.networkId)!;
      expect(e.labelBox.x).toBeGreaterThan(n.busX);
      expect(e.labelBox.x + e.labelBox.w).toBeLessThanOrEqual(n.x + TOPO.colW);
      expect(e.x2).toBe(n.busX);
      expect(e.y).toBeGreaterThan(l.bodyTop);
    }
  });

  it('labels edges with IP and aliases, shortened to fit, the full text kept', () => {
    const withAlias = l.edges.find((e) => e.active && e.fullLabel.includes('primary-database-alias'));
    expect(withAlias?.fullLabel).toMatch(/^10\.213\.\d+\.\d+ · primary-database-alias, another-alias$/);
    expect(withAlias?.label.endsWith('…')).toBe(true);
    expect(l.edges.filter((e) => !e.active).every((e) => e.fullLabel.startsWith('not connected'))).toBe(true);
  });

  it('is deterministic and does not depend on the input order', () => {
    const shuffled = [...nets].reverse().map((n) => ({ ...n, containers: [...n.containers].reverse() }));
    const again = layoutTopology(shuffled);
    expect(again.containers.map((c) => c.name)).toEqual(l.containers.map((c) => c.name));
    expect(again).toEqual(l);
    expect(layoutTopology(nets)).toEqual(l);
  });

  it('stays readable: fixed row and column sizes, whatever the count', () => {
    const ys = l.containers.map((c) => c.y).sort((a, b) => a - b);
    for (let i = 1; i < ys.length; i++) expect(ys[i]! - ys[i - 1]!).toBe(TOPO.rowH);
    expect(l.width).toBe(TOPO.margin * 2 + TOPO.containerW + TOPO.gap + 10 * TOPO.colW);
  });

  it('puts built-in networks last, can hide empty ones, and handles nothing at all', () => {
    const withBuiltIns = [
      network(90, [], { name: 'none', builtIn: true, driver: 'null' }),
      network(91, [], { name: 'bridge', builtIn: true }),
      ...nets,
    ];
    expect(
      layoutTopology(withBuiltIns)
        .networks.slice(-2)
        .map((n) => n.name),
    ).toEqual(['bridge', 'none']);
    expect(layoutTopology(withBuiltIns, { hideEmpty: true }).networks).toHaveLength(10);
    const empty = layoutTopology([]);
    expect(empty.containers).toEqual([]);
    expect(empty.width).toBeGreaterThan(0);
  });

  it('fits text with an ellipsis', () => {
    expect(fit('short', 10)).toBe('short');
    expect(fit('a-much-longer-text', 6)).toBe('a-muc…');
  });
});
