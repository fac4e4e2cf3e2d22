import { describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../../preload/contract/system.contract';
import {
  detailText,
  exportName,
  matchesText,
  objectLabel,
  toCsv,
  toJson,
  visibleEntries,
} from '../../../renderer/src/activity/activity-view';
import { mergeEntries } from '../../../renderer/src/stores/activity.store';

const e = (seq: number, over: Partial<ActivityEntry> = {}): ActivityEntry => ({
  seq,
  time: 1_700_000_000_000 + seq * 1000,
  type: 'container',
  action: 'start',
  id: `${seq}`.padStart(64, 'a'),
  name: `c${seq}`,
  attributes: { image: 'busybox' },
  ...over,
});

describe('activity view', () => {
  const all = [
    e(1),
    e(2, { type: 'volume', action: 'create', id: 'data', name: 'data', attributes: { driver: 'local' } }),
    e(3, { type: 'network', action: 'connect', name: 'app', attributes: { container: 'f'.repeat(64), name: 'app' } }),
    e(4, { type: 'image', action: 'pull', id: 'busybox:latest', name: 'busybox:latest', attributes: {} }),
    e(5, { type: 'daemon', action: 'reload', id: 'x', name: undefined, attributes: {} }),
    e(6, { action: 'die', attributes: { image: 'busybox', exitCode: '137' } }),
  ];

  it('shows newest first, by type and by every word of the filter, and hides what was cleared', () => {
    expect(visibleEntries(all, { type: 'all', text: '', clearedThrough: 0 }).map((x) => x.seq)).toEqual([
      6, 5, 4, 3, 2, 1,
    ]);
    expect(visibleEntries(all, { type: 'container', text: '', clearedThrough: 0 }).map((x) => x.seq)).toEqual([6, 1]);
    expect(visibleEntries(all, { type: 'other', text: '', clearedThrough: 0 }).map((x) => x.seq)).toEqual([5]);
    expect(visibleEntries(all, { type: 'all', text: 'die 137', clearedThrough: 0 }).map((x) => x.seq)).toEqual([6]);
    expect(visibleEntries(all, { type: 'all', text: 'driver=local', clearedThrough: 0 }).map((x) => x.seq)).toEqual([
      2,
    ]);
    expect(visibleEntries(all, { type: 'all', text: '', clearedThrough: 4 }).map((x) => x.seq)).toEqual([6, 5]);
    expect(matchesText(all[0]!, 'C1 BUSYBOX')).toBe(true);
  });

  it('names objects by name, else by a short id; details tell the useful attributes', () => {
    expect(objectLabel(e(1, { name: undefined }))).toBe('a'.repeat(63).slice(0, 11) + 'a');
    expect(objectLabel(e(1, { name: `sha256:${'b'.repeat(64)}`, id: `sha256:${'b'.repeat(64)}` }))).toBe(
      'bbbbbbbbbbbb',
    );
    expect(detailText(all[5]!)).toBe('busybox · exit 137');
    expect(detailText(all[2]!)).toBe('container ffffffffffff');
    expect(detailText(e(7, { action: 'exec_start', detail: 'sh -c ls', attributes: {} }))).toBe('sh -c ls');
  });

  it('exports JSON with ISO times, and CSV that a spreadsheet cannot mistake for formulas', () => {
    const json = JSON.parse(toJson([all[0]!])) as (ActivityEntry & { isoTime: string })[];
    expect(json[0]).toMatchObject({ seq: 1, type: 'container', isoTime: new Date(all[0]!.time).toISOString() });
    const csv = toCsv([
      e(1, { name: '=cmd|calc', attributes: { note: 'a,"b"\nc' } }),
      e(2, { name: '+1', attributes: {} }),
    ]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('seq,time,type,action,detail,id,name,attributes');
    expect(csv).toContain(`'=cmd|calc`);
    expect(csv).toContain(`"note=a,""b""\nc"`);
    expect(lines.at(-1)).toBe('');
    expect(exportName('csv', new Date('2024-05-01T10:20:30Z'))).toBe('berth-activity-2024-05-01T10-20-30.csv');
  });

  it('merges history and live batches by seq, without duplicates, bounded', () => {
    expect(mergeEntries([e(1), e(2)], [e(3)], 10).map((x) => x.seq)).toEqual([1, 2, 3]);
    expect(mergeEntries([e(1), e(3)], [e(2), e(3), e(4)], 10).map((x) => x.seq)).toEqual([1, 2, 3, 4]);
    expect(mergeEntries([e(1), e(2)], [e(3), e(4)], 3).map((x) => x.seq)).toEqual([2, 3, 4]);
  });
});
