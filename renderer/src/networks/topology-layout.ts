import type { NetworkSummary } from '../../../preload/contract/networks.contract';

/**
 * The topology diagram's layout, as a pure function of the networks (and the
 * containers on them): networks are columns with a vertical "bus" line,
 * containers are rows on the left, and each attachment is a horizontal edge
 * from the container to its network's bus, labelled with the IP and aliases
 * just above it, inside that network's column. Every container gets its own
 * row and every network its own column, so nothing can overlap however many
 * there are; rows are grouped by first network so that edges stay short.
 */

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface TopoNetwork extends Box {
  id: string;
  name: string;
  driver: string;
  subnet: string | undefined;
  builtIn: boolean;
  internal: boolean;
  /** Containers connected now / configured (running or not). */
  active: number;
  total: number;
  busX: number;
  busTop: number;
  busBottom: number;
}

export interface TopoContainer extends Box {
  id: string;
  name: string;
  state: string;
  /** Its row's centre line. */
  cy: number;
}

export interface TopoEdge {
  networkId: string;
  containerId: string;
  y: number;
  x1: number;
  x2: number;
  /** Connected now (a stopped container's configured network is drawn dashed). */
  active: boolean;
  /** IP (and aliases), shortened to fit its column; `fullLabel` is the whole text. */
  label: string;
  fullLabel: string;
  labelBox: Box;
}

export interface TopoLayout {
  width: number;
  height: number;
  /** Where the rows begin: above is the networks' header band. */
  bodyTop: number;
  networks: TopoNetwork[];
  containers: TopoContainer[];
  edges: TopoEdge[];
}

export const TOPO = {
  margin: 16,
  containerW: 220,
  nodeH: 30,
  rowH: 44,
  gap: 40,
  colW: 190,
  headerH: 60,
  headerGap: 20,
  labelH: 14,
  /** Average advance of the 11 px label font, for fitting text without measuring it. */
  charW: 6.6,
} as const;

const BUILT_IN_ORDER = ['bridge', 'host', 'none'];

/** Shorten text to at most `max` characters, with an ellipsis. */
export function fit(text: string, max: number): string {
  if (text.length <= max) return text;
  return max <= 1 ? '…' : `${text.slice(0, max - 1)}…`;
}

export function edgeText(
  m: { ipv4?: string; ipv6?: string; aliases: string[]; active: boolean },
  notConnected: string,
) {
  const ip = m.ipv4 ?? m.ipv6 ?? (m.active ? '' : notConnected);
  return [ip, m.aliases.join(', ')].filter(Boolean).join(' · ');
}

export function layoutTopology(
  input: NetworkSummary[],
  opts: { hideEmpty?: boolean; notConnected?: string } = {},
): TopoLayout {
  const notConnected = opts.notConnected ?? 'not connected';
  const nets = input
    .filter((n) => !opts.hideEmpty || n.containers.length > 0)
    .slice()
    .sort((a, b) => {
      const ai = a.builtIn ? BUILT_IN_ORDER.indexOf(a.name) : -1;
      const bi = b.builtIn ? BUILT_IN_ORDER.indexOf(b.name) : -1;
      return ai - bi || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
    });

  // Containers, each once, with the columns they sit on.
  const seen = new Map<string, { id: string; name: string; state: string; cols: number[] }>();
  nets.forEach((n, col) => {
    for (const m of n.containers) {
      const c = seen.get(m.id) ?? { id: m.id, name: m.name, state: m.state, cols: [] };
      c.cols.push(col);
      seen.set(m.id, c);
    }
  });
  const rows = [...seen.values()].sort(
    (a, b) =>
      Math.min(...a.cols) - Math.min(...b.cols) ||
      Math.max(...a.cols) - Math.max(...b.cols) ||
      a.name.localeCompare(b.name) ||
      a.id.localeCompare(b.id),
  );

  const { margin, containerW, nodeH, rowH, gap, colW, headerH, headerGap, labelH, charW } = TOPO;
  const colsX0 = margin + containerW + gap;
  const bodyTop = margin + headerH + headerGap;
  const bodyBottom = bodyTop + Math.max(rows.length, 1) * rowH;
  const width = colsX0 + Math.max(nets.length, 1) * colW + margin;
  const height = bodyBottom + margin;

  const networks: TopoNetwork[] = nets.map((n, i) => {
    const x = colsX0 + i * colW;
    return {
      id: n.id,
      name: n.name,
      driver: n.driver,
      subnet: n.subnets.find((s) => s.subnet)?.subnet,
      builtIn: n.builtIn,
      internal: n.internal,
      active: n.containers.filter((m) => m.active).length,
      total: n.containers.length,
      x,
      y: margin,
      w: colW - 16,
      h: headerH,
      busX: x + 10,
      busTop: margin + headerH,
      busBottom: bodyBottom,
    };
  });

  const containers: TopoContainer[] = rows.map((c, j) => {
    const y = bodyTop + j * rowH + (rowH - nodeH) / 2;
    return { id: c.id, name: c.name, state: c.state, x: margin, y, w: containerW, h: nodeH, cy: y + nodeH / 2 };
  });
  const rowOf = new Map(containers.map((c) => [c.id, c]));

  const maxChars = Math.floor((colW - 16 - 18) / charW);
  const edges: TopoEdge[] = [];
  nets.forEach((n, col) => {
    const net = networks[col] as TopoNetwork;
    for (const m of n.containers) {
      const row = rowOf.get(m.id);
      if (!row) continue;
      const fullLabel = edgeText(m, notConnected);
      const label = fit(fullLabel, maxChars);
      edges.push({
        networkId: n.id,
        containerId: m.id,
        y: row.cy,
        x1: row.x + row.w,
        x2: net.busX,
        active: m.active,
        label,
        fullLabel,
        labelBox: { x: net.busX + 6, y: row.cy - labelH - 2, w: Math.ceil(label.length * charW), h: labelH },
      });
    }
  });

  // Column by column, top to bottom: the same picture whatever order the engine listed things in.
  const colOf = new Map(networks.map((n, i) => [n.id, i]));
  edges.sort((a, b) => (colOf.get(a.networkId) ?? 0) - (colOf.get(b.networkId) ?? 0) || a.y - b.y);
  return { width, height, bodyTop, networks, containers, edges };
}

export const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
