/** The Activity panel's pure parts: filtering, describing and exporting entries (unit-tested). */
import type { ActivityEntry } from '../../../preload/contract/system.contract';

export type TypeFilter = 'all' | 'container' | 'image' | 'volume' | 'network' | 'other';
export const TYPE_FILTERS: TypeFilter[] = ['all', 'container', 'image', 'volume', 'network', 'other'];
const MAIN_TYPES = new Set(['container', 'image', 'volume', 'network']);

export const matchesType = (e: ActivityEntry, f: TypeFilter): boolean =>
  f === 'all' || (f === 'other' ? !MAIN_TYPES.has(e.type) : e.type === f);

/** Every word of the filter must appear in the entry (its object, action, detail or attributes). */
export function matchesText(e: ActivityEntry, text: string): boolean {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = [
    e.type,
    e.action,
    e.detail ?? '',
    e.id,
    e.name ?? '',
    ...Object.entries(e.attributes).map(([k, v]) => `${k}=${v}`),
  ]
    .join('\n')
    .toLowerCase();
  return words.every((w) => hay.includes(w));
}

/** Newest first, after the view was cleared, matching both filters. */
export function visibleEntries(
  entries: readonly ActivityEntry[],
  f: { type: TypeFilter; text: string; clearedThrough: number },
): ActivityEntry[] {
  const out: ActivityEntry[] = [];
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (e.seq <= f.clearedThrough) break;
    if (matchesType(e, f.type) && matchesText(e, f.text)) out.push(e);
  }
  return out;
}

/** What to call the object: its name, else a short id. */
export function objectLabel(e: ActivityEntry): string {
  const name = e.name && !/^sha256:[a-f0-9]{64}$/.test(e.name) ? e.name : undefined;
  if (name) return name;
  const m = /^(?:sha256:)?([a-f0-9]{64})$/.exec(e.id);
  return m ? m[1]!.slice(0, 12) : e.id;
}

/** A few attributes worth a glance (the rest are in the export). */
export function detailText(e: ActivityEntry): string {
  const a = e.attributes;
  const parts: string[] = [];
  if (e.detail) parts.push(e.detail);
  if (e.type === 'container') {
    if (a.image) parts.push(a.image);
    if (a.exitCode !== undefined) parts.push(`exit ${a.exitCode}`);
    if (a.signal) parts.push(`signal ${a.signal}`);
  } else if (e.type === 'network' || e.type === 'volume') {
    if (a.container) parts.push(`container ${a.container.slice(0, 12)}`);
    if (a.driver && e.action === 'create') parts.push(a.driver);
    if (a.destination) parts.push(a.destination);
  } else if (e.type === 'image') {
    if (a.name && a.name !== e.name && !/^sha256:/.test(a.name)) parts.push(a.name);
  } else if (e.type === 'engine') {
    parts.push(e.id);
  }
  return parts.join(' · ');
}

export function toJson(entries: readonly ActivityEntry[]): string {
  return JSON.stringify(
    entries.map((e) => ({ ...e, isoTime: new Date(e.time).toISOString() })),
    null,
    2,
  );
}

const csvCell = (v: string): string => {
  // Spreadsheet formula injection: a cell that starts with = + - @ is read as a formula.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function toCsv(entries: readonly ActivityEntry[]): string {
  const head = ['seq', 'time', 'type', 'action', 'detail', 'id', 'name', 'attributes'];
  const rows = entries.map((e) =>
    [
      String(e.seq),
      new Date(e.time).toISOString(),
      e.type,
      e.action,
      e.detail ?? '',
      e.id,
      e.name ?? '',
      Object.entries(e.attributes)
        .map(([k, v]) => `${k}=${v}`)
        .join('; '),
    ]
      .map(csvCell)
      .join(','),
  );
  return [head.join(','), ...rows].join('\r\n') + '\r\n';
}

/** berth-activity-2024-05-01T10-20-30.json */
export const exportName = (ext: 'json' | 'csv', now = new Date()): string =>
  `berth-activity-${now.toISOString().slice(0, 19).replace(/:/g, '-')}.${ext}`;

/** Hand a text to the browser as a file download. */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
