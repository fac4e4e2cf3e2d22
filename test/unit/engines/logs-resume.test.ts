import { describe, expect, it } from 'vitest';
import { ResumeFilter, makeLine } from '../../../renderer/src/logs/log-lines';

const line = (ts: string, text: string, stderr = false) => makeLine(`${ts} ${text}`, stderr);

describe('ResumeFilter: reading a log again after a reconnect', () => {
  it('drops what is shown already, keeps the rest, across batches', () => {
    const shown = [
      line('2026-01-01T00:00:01.5Z', 'one'),
      line('2026-01-01T00:00:02.000000001Z', 'two'),
      line('2026-01-01T00:00:02.000000001Z', 'two'),
    ];
    const f = new ResumeFilter(shown);
    // The engine repeats the boundary (since is inclusive), in two batches.
    const a = f.filter([line('2026-01-01T00:00:02.000000001Z', 'two')]);
    const b = f.filter([
      line('2026-01-01T00:00:02.000000001Z', 'two'),
      line('2026-01-01T00:00:02.000000001Z', 'two'), // a third copy was written at that very instant
      line('2026-01-01T00:00:02.1Z', 'three'),
      line('2026-01-01T00:00:02.1Z', 'three'),
    ]);
    expect([...a, ...b].map((l) => l.plain)).toEqual(['two', 'three', 'three']);
  });

  it('compares timestamps whatever their precision, and passes everything when nothing was shown', () => {
    const f = new ResumeFilter([line('2026-01-01T00:00:02.5Z', 'x')]);
    expect(
      f
        .filter([line('2026-01-01T00:00:02.4999Z', 'old'), line('2026-01-01T00:00:02.50001Z', 'new')])
        .map((l) => l.plain),
    ).toEqual(['new']);
    const empty = new ResumeFilter([]);
    expect(empty.filter([line('2026-01-01T00:00:00Z', 'a')]).map((l) => l.plain)).toEqual(['a']);
  });

  it('tells stdout and stderr apart at the boundary', () => {
    const f = new ResumeFilter([line('2026-01-01T00:00:03Z', 'same')]);
    const out = f.filter([line('2026-01-01T00:00:03Z', 'same', true), line('2026-01-01T00:00:03Z', 'same')]);
    expect(out.map((l) => [l.plain, l.stderr])).toEqual([['same', true]]);
  });
});
