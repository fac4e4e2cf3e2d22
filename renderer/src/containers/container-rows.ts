import type { TFunction } from 'i18next';
import type { ContainerState, ContainerSummary } from '../../../preload/contract/containers.contract';
import { formatSpan } from '../lib/format';

/** The label compose puts on every container of a project. */
export const COMPOSE_PROJECT = 'com.docker.compose.project';

export type SortKey = 'name' | 'image' | 'created' | 'status';
export interface Sort {
  key: SortKey;
  dir: 'asc' | 'desc';
}
export const DEFAULT_SORT: Sort = { key: 'created', dir: 'desc' };

const STATE_ORDER: Record<ContainerState, number> = {
  running: 0,
  restarting: 1,
  paused: 2,
  created: 3,
  removing: 4,
  exited: 5,
  dead: 6,
};

/** An image shown as docker ps shows it: an untagged image by its short id. */
export const shortImage = (image: string) => (/^sha256:[a-f0-9]{64}$/.test(image) ? image.slice(7, 19) : image);

export const isRunning = (c: Pick<ContainerSummary, 'state'>) =>
  c.state === 'running' || c.state === 'restarting' || c.state === 'paused';

/** Rows shown: running only unless "all", filtered by name/image (or id prefix), newest first. */
export function visibleContainers(
  byId: Map<string, ContainerSummary>,
  all: boolean,
  filter: string,
): ContainerSummary[] {
  const q = filter.trim().toLowerCase();
  const rows: ContainerSummary[] = [];
  for (const c of byId.values()) {
    if (!all && !isRunning(c)) continue;
    if (q && !c.name.toLowerCase().includes(q) && !c.image.toLowerCase().includes(q) && !c.id.startsWith(q)) continue;
    rows.push(c);
  }
  return rows.sort((a, b) => b.created - a.created || a.name.localeCompare(b.name));
}

/** Sort rows by a column; ties break by name so the order is stable. */
export function sortContainers(rows: ContainerSummary[], sort: Sort): ContainerSummary[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  const cmp = (a: ContainerSummary, b: ContainerSummary): number => {
    switch (sort.key) {
      case 'name':
        return a.name.localeCompare(b.name);
      case 'image':
        return a.image.localeCompare(b.image);
      case 'created':
        return a.created - b.created;
      case 'status':
        return STATE_ORDER[a.state] - STATE_ORDER[b.state];
    }
  };
  return [...rows].sort((a, b) => sign * cmp(a, b) || a.name.localeCompare(b.name));
}

export interface RowSection {
  /** 'pinned', 'project:<name>' or 'rest'. */
  key: string;
  kind: 'pinned' | 'project' | 'rest';
  project?: string;
  rows: ContainerSummary[];
}

/**
 * The table's sections: pinned containers first, then (when grouping) one section per
 * Compose project in name order, then the rest. Rows keep the order they came in.
 */
export function sectionContainers(
  rows: ContainerSummary[],
  opts: { pinned: ReadonlySet<string>; byProject: boolean },
): RowSection[] {
  const pinned: ContainerSummary[] = [];
  const projects = new Map<string, ContainerSummary[]>();
  const rest: ContainerSummary[] = [];
  for (const c of rows) {
    if (opts.pinned.has(c.name)) {
      pinned.push(c);
      continue;
    }
    const project = opts.byProject ? c.labels[COMPOSE_PROJECT] : undefined;
    if (project) {
      const list = projects.get(project) ?? [];
      list.push(c);
      projects.set(project, list);
    } else rest.push(c);
  }
  const out: RowSection[] = [];
  if (pinned.length) out.push({ key: 'pinned', kind: 'pinned', rows: pinned });
  for (const name of [...projects.keys()].sort((a, b) => a.localeCompare(b))) {
    out.push({ key: `project:${name}`, kind: 'project', project: name, rows: projects.get(name) ?? [] });
  }
  if (rest.length) out.push({ key: 'rest', kind: 'rest', rows: rest });
  return out;
}

/** Keep only rows in the given state ('' = any). */
export const filterState = (rows: ContainerSummary[], state: ContainerState | '') =>
  state ? rows.filter((c) => c.state === state) : rows;

/** A span as the engine writes it (go-units' HumanDuration): "3 minutes", "About an hour", "Less than a second". */
export interface StatusSpan {
  n: number;
  unit: 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';
  about?: boolean;
}

/** The engine's English status line (`docker ps` STATUS), taken apart so it can be said in the user's language. */
export type StatusParts =
  | { kind: 'up'; span: StatusSpan; extra?: 'healthy' | 'unhealthy' | 'starting' | 'paused' }
  | { kind: 'exited' | 'restarting'; code: number; span: StatusSpan };

const SPAN = /^(?:(Less than a second)|About an? (minute|hour)|(\d+) (second|minute|hour|day|week|month|year)s?)$/;

function parseSpan(text: string): StatusSpan | undefined {
  const m = SPAN.exec(text);
  if (!m) return undefined;
  if (m[1]) return { n: 0, unit: 'second' };
  if (m[2]) return { n: 1, unit: m[2] as StatusSpan['unit'], about: true };
  return { n: Number(m[3]), unit: m[4] as StatusSpan['unit'] };
}

const EXTRA: Record<string, 'healthy' | 'unhealthy' | 'starting' | 'paused'> = {
  healthy: 'healthy',
  unhealthy: 'unhealthy',
  'health: starting': 'starting',
  Paused: 'paused',
};

/** Undefined for anything else ("Created", "Removal In Progress", "Dead", a newer engine's wording): shown as is. */
export function parseStatus(status: string): StatusParts | undefined {
  const up = /^Up (.+?)(?: \((healthy|unhealthy|health: starting|Paused)\))?$/.exec(status);
  if (up) {
    const span = parseSpan(up[1] ?? '');
    return span && { kind: 'up', span, ...(up[2] ? { extra: EXTRA[up[2]] } : {}) };
  }
  const ended = /^(Exited|Restarting) \((-?\d+)\) (.+) ago$/.exec(status);
  if (ended) {
    const span = parseSpan(ended[3] ?? '');
    return span && { kind: ended[1] === 'Exited' ? 'exited' : 'restarting', code: Number(ended[2]), span };
  }
  return undefined;
}

/** The engine's status line ("Up 5 minutes (healthy)") in the user's language; anything unknown as the engine says it. */
export function statusLine(status: string, t: TFunction, locale: string): string {
  const parts = parseStatus(status);
  if (!parts) return status;
  const { n, unit, about } = parts.span;
  const span =
    n === 0
      ? t('containers.statusLine.lessThanSecond')
      : about
        ? t('containers.statusLine.about', { span: formatSpan(n, unit, locale) })
        : formatSpan(n, unit, locale);
  if (parts.kind === 'up') {
    return parts.extra
      ? t('containers.statusLine.upExtra', { span, extra: t(`containers.statusLine.extra.${parts.extra}`) })
      : t('containers.statusLine.up', { span });
  }
  return t(`containers.statusLine.${parts.kind}`, { code: parts.code, ago: t('containers.statusLine.ago', { span }) });
}
