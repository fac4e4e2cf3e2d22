import type { ContainerState, ContainerSummary } from '../../../preload/contract/containers.contract';

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
