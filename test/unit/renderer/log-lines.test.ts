import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FilteredLines, LogBuffer, makeLine, type LogLine } from '../../../renderer/src/logs/log-lines';

const lines = (from: number, n: number, stderrEvery = 3): LogLine[] =>
  Array.from({ length: n }, (_, i) => makeLine(`line ${from + i}`, (from + i) % stderrEvery === 0));

/** What a from-scratch scan gives: the reference FilteredLines must agree with. */
function scan(buf: LogBuffer, keep?: (l: LogLine) => boolean, match?: (l: LogLine) => boolean) {
  const view = buf.lines.filter((l) => !keep || keep(l));
  return { view: view.map((l) => l.plain), hits: view.filter((l) => match?.(l)).map((l) => l.plain) };
}

function shown(f: FilteredLines) {
  return {
    view: f.lines.map((l) => l.plain),
    hits: f.hits.map((place) => f.lines[f.indexOf(place)]?.plain),
  };
}

describe('FilteredLines', () => {
  it('follows appends and drops from the top without re-scanning, and agrees with a full scan', () => {
    const buf = new LogBuffer(10);
    const f = new FilteredLines();
    const keep = (l: LogLine) => !l.stderr;
    const match = (l: LogLine) => l.plain.endsWith('5') || l.plain.endsWith('7');
    let n = 0;
    for (const size of [4, 3, 6, 1, 12, 2, 9]) {
      buf.append(lines(n, size));
      n += size;
      f.update(buf, keep, match);
      expect(shown(f)).toEqual(scan(buf, keep, match));
    }
  });

  it('starts over when the filter changes, the buffer is cleared or older lines come in front', () => {
    const buf = new LogBuffer(100);
    const f = new FilteredLines();
    buf.append(lines(0, 20));
    f.update(buf);
    expect(f.lines).toHaveLength(20);
    const keep = (l: LogLine) => l.stderr;
    f.update(buf, keep);
    expect(shown(f)).toEqual(scan(buf, keep));
    buf.prepend(lines(1000, 5));
    f.update(buf, keep);
    expect(shown(f)).toEqual(scan(buf, keep));
    buf.clear();
    buf.append(lines(50, 4));
    f.update(buf, keep);
    expect(shown(f)).toEqual(scan(buf, keep));
  });

  it('re-counts hits when only the search changes, and tells a line by its place', () => {
    const buf = new LogBuffer(100);
    const f = new FilteredLines();
    buf.append(lines(0, 30));
    f.update(buf, undefined, (l) => l.plain.includes('1'));
    expect(f.hits).toHaveLength(12); // 1, 10–19, 21
    f.update(buf, undefined, (l) => l.plain === 'line 29');
    expect(f.hits).toEqual([29]);
    expect(f.indexOf(29)).toBe(29);
    expect(f.placeAt(29)).toBe(29);
    buf.append(lines(30, 80)); // 10 dropped from the top
    f.update(buf, undefined, f.hits.length ? (l) => l.plain === 'line 29' : undefined);
    expect(f.indexOf(29)).toBe(19);
    expect(f.indexOf(5)).toBe(-1);
  });

  it('property: any appends, prepends, clears and filter changes match a full scan', () => {
    const op = fc.oneof(
      fc.record({ t: fc.constant('append' as const), n: fc.integer({ min: 0, max: 40 }) }),
      fc.record({ t: fc.constant('prepend' as const), n: fc.integer({ min: 0, max: 10 }) }),
      fc.record({ t: fc.constant('clear' as const) }),
      fc.record({ t: fc.constant('filter' as const), k: fc.integer({ min: 0, max: 2 }) }),
      fc.record({ t: fc.constant('search' as const), k: fc.integer({ min: 0, max: 9 }) }),
    );
    const keeps = [undefined, (l: LogLine) => l.stderr, (l: LogLine) => !l.stderr];
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), fc.integer({ min: 1, max: 50 }), (ops, max) => {
        const buf = new LogBuffer(max);
        const f = new FilteredLines();
        let keep: ((l: LogLine) => boolean) | undefined;
        let match: ((l: LogLine) => boolean) | undefined;
        let n = 0;
        for (const o of ops) {
          if (o.t === 'append') buf.append(lines(n, o.n, 4));
          else if (o.t === 'prepend') buf.prepend(lines(n, o.n, 4));
          else if (o.t === 'clear') buf.clear();
          else if (o.t === 'filter') keep = keeps[o.k];
          else match = (l) => l.plain.endsWith(String(o.k));
          if ('n' in o) n += o.n;
          f.update(buf, keep, match);
          expect(shown(f)).toEqual(scan(buf, keep, match));
        }
      }),
    );
  });
});
