import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DrawPacer,
  FLOOD_DRAW_MS,
  FLOOD_LINES,
  FilteredLines,
  LogBuffer,
  TAIL_DRAW_MS,
  TAIL_FIRST_QUIET_MS,
  TAIL_QUIET_MS,
  makeLine,
  type LogLine,
} from '../../../renderer/src/logs/log-lines';

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

describe('DrawPacer', () => {
  /** A pacer on fake timers whose frames come when the test says; `draws` counts them. */
  function pacer({ emptyViewDrawn = false } = {}) {
    vi.useFakeTimers({ now: 10_000 });
    let frame = false;
    const p = new DrawPacer(
      () => (frame = true),
      () => Date.now(),
    );
    let draws = 0;
    const nextFrame = () => {
      if (!frame) return false;
      frame = false;
      p.drawn();
      draws++;
      return true;
    };
    if (emptyViewDrawn) {
      p.arrived();
      nextFrame();
    }
    return { p, nextFrame, draws: () => draws };
  }
  afterEach(() => {
    vi.useRealTimers();
  });

  it('draws once per frame however often lines arrive, when they trickle in', () => {
    const { p, nextFrame, draws } = pacer();
    p.arrived(3);
    p.arrived(4);
    expect(nextFrame()).toBe(true);
    expect(nextFrame()).toBe(false);
    p.arrived(1);
    expect(nextFrame()).toBe(true);
    expect(draws()).toBe(2);
  });

  it('in a flood, draws at most every FLOOD_DRAW_MS', () => {
    const { p, nextFrame } = pacer();
    p.arrived(1);
    nextFrame();
    p.arrived(FLOOD_LINES + 1);
    expect(nextFrame()).toBe(false);
    vi.advanceTimersByTime(FLOOD_DRAW_MS - 1);
    expect(nextFrame()).toBe(false);
    vi.advanceTimersByTime(1);
    expect(nextFrame()).toBe(true);
  });

  it('while a tail is read, draws at most every TAIL_DRAW_MS, and at once when its count has arrived', () => {
    const { p, nextFrame } = pacer({ emptyViewDrawn: true });
    p.readTail(50_000);
    let sent = 0;
    /** Lines keep coming, never a quiet gap, for this long. */
    const pour = (ms: number) => {
      for (let t = 0; t < ms; t += TAIL_QUIET_MS / 2) {
        p.arrived(100);
        sent += 100;
        vi.advanceTimersByTime(TAIL_QUIET_MS / 2);
      }
    };
    pour(TAIL_DRAW_MS - TAIL_QUIET_MS);
    expect(nextFrame()).toBe(false);
    pour(TAIL_QUIET_MS); // a slow read still shows progress, once a TAIL_DRAW_MS
    expect(nextFrame()).toBe(true);
    expect(p.readingTail).toBe(true);
    p.arrived(50_000 - sent - 1);
    expect(nextFrame()).toBe(false);
    p.arrived(1); // the last line of the tail: drawn at the next frame
    expect(p.readingTail).toBe(false);
    expect(nextFrame()).toBe(true);
    p.arrived(10); // following on, a trickle: every frame again
    expect(nextFrame()).toBe(true);
  });

  it('a shorter log than asked ends the tail read after a quiet gap; an end of stream at once', () => {
    const { p, nextFrame } = pacer({ emptyViewDrawn: true });
    p.readTail(1_000);
    p.arrived(10);
    expect(nextFrame()).toBe(false);
    vi.advanceTimersByTime(TAIL_QUIET_MS);
    expect(p.readingTail).toBe(false);
    expect(nextFrame()).toBe(true);

    p.readTail(Infinity);
    p.arrived(10);
    p.ended();
    expect(nextFrame()).toBe(true);
  });

  it('a log with no lines at all ends the tail read a quiet gap after the stream opened', () => {
    const { p, nextFrame } = pacer({ emptyViewDrawn: true });
    p.readTail(1_000);
    vi.advanceTimersByTime(10 * TAIL_QUIET_MS); // opening the stream takes its time: still reading
    expect(p.readingTail).toBe(true);
    p.opened();
    vi.advanceTimersByTime(TAIL_FIRST_QUIET_MS - 1);
    expect(p.readingTail).toBe(true);
    vi.advanceTimersByTime(1);
    expect(p.readingTail).toBe(false);
    expect(nextFrame()).toBe(true); // the view can now say the log is empty
  });

  it('leaves no timer behind when disposed', () => {
    const { p } = pacer({ emptyViewDrawn: true });
    p.readTail(50_000);
    p.arrived(100);
    p.dispose();
    expect(vi.getTimerCount()).toBe(0);
    expect(p.readingTail).toBe(false);
  });
});
