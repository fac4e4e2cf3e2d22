import type { OutputFrame } from '../../../preload/contract/streams';
import { stripAnsi } from './ansi';

export interface LogLine {
  /** Monotonic per view (React keys, identity across trims). */
  seq: number;
  /** The engine's RFC 3339 timestamp with nanoseconds ('' when the engine gave none). */
  ts: string;
  /** As the container wrote it (ANSI included). */
  raw: string;
  /** Without escape sequences: what search, filter, copy and download see. */
  plain: string;
  stderr: boolean;
}

const TS = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z) /;
/** The longest line kept whole; longer ones are cut (a minified bundle in a log should not stall the view). */
export const MAX_LINE_CHARS = 16_384;

let seqCounter = 0;

/**
 * Bytes → lines, per channel: a UTF-8 character or a line may be cut at any
 * frame border. TTY lines lose their trailing \r. Each line's timestamp
 * (the engine's `-t` prefix) is split off.
 */
export class LineSplitter {
  private readonly decoders = { stdout: new TextDecoder('utf-8'), stderr: new TextDecoder('utf-8') };
  private readonly partial = { stdout: '', stderr: '' };

  push(frames: OutputFrame[]): LogLine[] {
    const out: LogLine[] = [];
    for (const f of frames) {
      const ch = f.channel === 'stderr' ? 'stderr' : 'stdout';
      const text = this.partial[ch] + this.decoders[ch].decode(f.data, { stream: true });
      const parts = text.split('\n');
      this.partial[ch] = parts.pop() ?? '';
      if (this.partial[ch].length > MAX_LINE_CHARS * 4) {
        parts.push(this.partial[ch]);
        this.partial[ch] = '';
      }
      for (const p of parts) out.push(makeLine(p, ch === 'stderr'));
    }
    return out;
  }

  /** The stream ended: whatever is left is a last line without a newline. */
  end(): LogLine[] {
    const out: LogLine[] = [];
    for (const ch of ['stdout', 'stderr'] as const) {
      const rest = this.partial[ch] + this.decoders[ch].decode();
      this.partial[ch] = '';
      if (rest) out.push(makeLine(rest, ch === 'stderr'));
    }
    return out;
  }
}

export function makeLine(text: string, stderr: boolean): LogLine {
  let line = text.endsWith('\r') ? text.slice(0, -1) : text;
  let ts = '';
  const m = TS.exec(line);
  if (m) {
    ts = m[1]!;
    line = line.slice(m[0].length);
  }
  if (line.length > MAX_LINE_CHARS) line = `${line.slice(0, MAX_LINE_CHARS)}…`;
  return { seq: ++seqCounter, ts, raw: line, plain: stripAnsi(line), stderr };
}

/** "2026-01-01T00:00:01.123456789Z" → "1767225601.123456789": exact, for `until`. */
export function engineTime(ts: string): string | undefined {
  const m = /^(.*?)(?:\.(\d{1,9}))?Z$/.exec(ts);
  if (!m) return undefined;
  const secs = Date.parse(`${m[1]}Z`);
  if (!Number.isFinite(secs)) return undefined;
  return `${Math.floor(secs / 1000)}${m[2] ? `.${m[2]}` : ''}`;
}

/** Seconds since the epoch of a line's timestamp (fractional; for windows). */
export function tsSeconds(ts: string): number {
  const t = engineTime(ts);
  return t ? Number(t) : NaN;
}

/**
 * The view's lines, bounded: appending past `max` drops the oldest.
 * Prepending (older pages) only fills what room is left.
 */
export class LogBuffer {
  lines: LogLine[] = [];
  /** Lines dropped from the top since the view opened. */
  dropped = 0;
  /**
   * Bumped when lines move other than by appending at the end and dropping
   * from the top (clear, prepend): views derived from the buffer start over.
   */
  epoch = 0;
  constructor(readonly max: number) {}

  append(ls: LogLine[]): void {
    if (ls.length === 0) return;
    if (ls.length >= this.max) {
      this.dropped += this.lines.length + ls.length - this.max;
      this.lines = ls.slice(ls.length - this.max);
      return;
    }
    const next = this.lines.length + ls.length;
    if (next > this.max) {
      const excess = next - this.max;
      this.dropped += excess;
      this.lines = this.lines.slice(excess).concat(ls);
    } else {
      for (const l of ls) this.lines.push(l);
    }
  }

  /** Add older lines in front (as many as fit); returns how many were added. */
  prepend(ls: LogLine[]): number {
    const room = this.max - this.lines.length;
    if (room <= 0) return 0;
    const take = ls.length > room ? ls.slice(ls.length - room) : ls;
    this.lines = take.concat(this.lines);
    if (take.length) this.epoch++;
    return take.length;
  }

  get full(): boolean {
    return this.lines.length >= this.max;
  }

  clear(): void {
    this.lines = [];
    this.dropped = 0;
    this.epoch++;
  }
}

/**
 * The lines of a LogBuffer that pass the view's filter, and which of them
 * match its search, kept up to date as lines arrive rather than re-scanned:
 * a followed log appends hundreds of lines a frame to a buffer of 50,000,
 * and filtering and searching all of them (lower-casing each one for a
 * case-blind search) on every frame was most of the page's work.
 *
 * A line's place in the buffer's history is `dropped + index` (it only grows
 * while lines are appended and dropped from the top), which tells new lines
 * from seen ones and dropped ones from kept ones.
 */
export class FilteredLines {
  /** The lines that pass the filter, oldest first. */
  lines: LogLine[] = [];
  /** Each shown line's place in the buffer's history (increasing). */
  private places: number[] = [];
  /** The places of the shown lines that match the search (increasing). */
  hits: number[] = [];
  private epoch = -1;
  /** History places below this have been examined. */
  private seen = 0;
  private keep: ((l: LogLine) => boolean) | undefined;
  private match: ((l: LogLine) => boolean) | undefined;

  /** Catch up with the buffer; a different `keep` or `match` (by identity) re-scans. */
  update(buf: LogBuffer, keep?: (l: LogLine) => boolean, match?: (l: LogLine) => boolean): void {
    if (buf.epoch !== this.epoch || keep !== this.keep) {
      this.epoch = buf.epoch;
      this.keep = keep;
      this.match = match;
      this.lines = [];
      this.places = [];
      this.hits = [];
      this.seen = buf.dropped;
    } else {
      const drop = countBelow(this.places, buf.dropped);
      if (drop) {
        this.lines.splice(0, drop);
        this.places.splice(0, drop);
      }
      const dropHits = countBelow(this.hits, buf.dropped);
      if (dropHits) this.hits.splice(0, dropHits);
      if (match !== this.match) {
        this.match = match;
        this.hits = [];
        if (match)
          for (let i = 0; i < this.lines.length; i++) if (match(this.lines[i]!)) this.hits.push(this.places[i]!);
      }
    }
    for (let i = Math.max(0, this.seen - buf.dropped); i < buf.lines.length; i++) {
      const l = buf.lines[i]!;
      if (keep && !keep(l)) continue;
      const place = buf.dropped + i;
      this.lines.push(l);
      this.places.push(place);
      if (match?.(l)) this.hits.push(place);
    }
    this.seen = buf.dropped + buf.lines.length;
  }

  /** The shown line's history place (for telling a hit), or -1. */
  placeAt(index: number): number {
    return this.places[index] ?? -1;
  }

  /** Where a place is among the shown lines, or -1. */
  indexOf(place: number): number {
    const i = countBelow(this.places, place);
    return this.places[i] === place ? i : -1;
  }
}

/** How many of the increasing `xs` are below `x` (binary search). */
function countBelow(xs: number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Older lines that duplicate the oldest ones already shown: a window read
 * with `until` = the oldest timestamp includes it (the engine's until is
 * inclusive). Drops from `older` the lines equal (timestamp and text) to
 * lines at that same timestamp in `current`.
 */
export function dedupeBoundary(older: LogLine[], current: LogLine[]): LogLine[] {
  const first = current[0];
  if (!first?.ts) return older;
  const seen = new Map<string, number>();
  for (const l of current) {
    if (l.ts !== first.ts) break;
    const k = `${l.stderr ? 2 : 1}${l.raw}`;
    seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  const out: LogLine[] = [];
  for (const l of older) {
    const k = `${l.stderr ? 2 : 1}${l.raw}`;
    const n = l.ts === first.ts ? (seen.get(k) ?? 0) : 0;
    if (n > 0) seen.set(k, n - 1);
    else out.push(l);
  }
  return out;
}

export interface LineMatcher {
  test(text: string): boolean;
  /** [start, end) of every match, in order. */
  ranges(text: string): [number, number][];
}

/** A filter or search query: plain text or a regular expression; an invalid regex is reported, not thrown. */
export function compileMatcher(
  query: string,
  opts: { regex?: boolean; caseSensitive?: boolean } = {},
): LineMatcher | { error: string } | undefined {
  if (!query) return undefined;
  if (opts.regex) {
    let re: RegExp;
    try {
      re = new RegExp(query, opts.caseSensitive ? 'g' : 'gi');
    } catch (e) {
      return { error: (e as Error).message };
    }
    return {
      test: (text) => {
        re.lastIndex = 0;
        return re.test(text);
      },
      ranges: (text) => {
        const out: [number, number][] = [];
        re.lastIndex = 0;
        let m: RegExpExecArray | null;
        while ((m = re.exec(text)) && out.length < 500) {
          if (m[0].length === 0) {
            re.lastIndex++;
            continue;
          }
          out.push([m.index, m.index + m[0].length]);
        }
        return out;
      },
    };
  }
  const needle = opts.caseSensitive ? query : query.toLowerCase();
  const norm = (s: string) => (opts.caseSensitive ? s : s.toLowerCase());
  return {
    test: (text) => norm(text).includes(needle),
    ranges: (text) => {
      const hay = norm(text);
      const out: [number, number][] = [];
      let i = hay.indexOf(needle);
      while (i >= 0 && out.length < 500) {
        out.push([i, i + needle.length]);
        i = hay.indexOf(needle, i + needle.length);
      }
      return out;
    },
  };
}

/** A timestamp that compares as a string: the engine trims trailing zeros of the nanoseconds, this pads them. */
export function tsKey(ts: string): string {
  const m = /^(.*?)(?:\.(\d{1,9}))?Z$/.exec(ts);
  return m ? `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}` : ts;
}

/**
 * stdout and stderr reach the log in separate pipes, so a batch may hold a
 * line before an older one of the other stream: order a batch by time
 * (stable; lines without a timestamp keep their place).
 */
export function sortByTime(lines: LogLine[]): LogLine[] {
  if (lines.length < 2) return lines;
  // One stream alone comes in order: only a batch holding both needs sorting (a followed flood rarely does).
  const stderr = lines[0]!.stderr;
  if (lines.every((l) => l.stderr === stderr) || lines.some((l) => !l.ts)) return lines;
  const keyed = lines.map((l) => [tsKey(l.ts), l] as const);
  keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return keyed.map((k) => k[1]);
}

/**
 * After a reconnect the log is read again from the newest timestamp shown
 * (`since` is inclusive, and whole seconds or nanoseconds alike may repeat):
 * lines older than that are dropped, and at that very timestamp as many
 * copies of each line as are shown already. Once a newer line passes, the
 * rest passes untouched. Stateful across batches.
 */
export class ResumeFilter {
  private readonly lastKey: string | undefined;
  private readonly seen = new Map<string, number>();
  private passing = false;

  constructor(current: readonly LogLine[]) {
    const last = current[current.length - 1];
    this.lastKey = last?.ts ? tsKey(last.ts) : undefined;
    if (!this.lastKey) {
      this.passing = true;
      return;
    }
    for (let i = current.length - 1; i >= 0; i--) {
      const l = current[i]!;
      if (!l.ts || tsKey(l.ts) !== this.lastKey) break;
      const k = `${l.stderr ? 2 : 1}${l.raw}`;
      this.seen.set(k, (this.seen.get(k) ?? 0) + 1);
    }
  }

  filter(lines: LogLine[]): LogLine[] {
    if (this.passing) return lines;
    const out: LogLine[] = [];
    for (const l of lines) {
      if (this.passing || !l.ts) {
        out.push(l);
        continue;
      }
      const key = tsKey(l.ts);
      if (key < this.lastKey!) continue;
      if (key === this.lastKey) {
        const k = `${l.stderr ? 2 : 1}${l.raw}`;
        const n = this.seen.get(k) ?? 0;
        if (n > 0) {
          this.seen.set(k, n - 1);
          continue;
        }
        out.push(l);
        continue;
      }
      this.passing = true;
      out.push(l);
    }
    return out;
  }
}

/**
 * While lines pour in (more than FLOOD_LINES since the last draw), the view draws at most every FLOOD_DRAW_MS
 * instead of every frame: at 50,000 lines a second each frame replaced every row, and the page spent its time
 * re-drawing lines nobody can read at that pace, fell behind the engine and answered keys late.
 */
export const FLOOD_DRAW_MS = 100;
export const FLOOD_LINES = 500;
/**
 * While the view reads the tail it asked for (up to 50,000 lines, sent as fast as the engine can), it draws at
 * most every TAIL_DRAW_MS: each draw lays out the rows and scrolls to the end, and pictures of a half-read tail
 * cost the read a fifth of its time (on a slow or remote engine the count still moves once a second). The read
 * is over when the tail's count has arrived, the stream ends, or nothing came for TAIL_QUIET_MS (the log had
 * fewer lines than asked).
 */
export const TAIL_DRAW_MS = 1000;
export const TAIL_QUIET_MS = 80;
/** Before the first line: the engine may take a moment to find the tail in a long log. */
export const TAIL_FIRST_QUIET_MS = 500;

/**
 * When the logs view draws: at most once per `request` (an animation frame, which calls `drawn`), paced by the
 * flood and by the tail read (see above); the end of a read is drawn at once.
 */
export class DrawPacer {
  private last = Number.NEGATIVE_INFINITY;
  private lines = 0;
  private pending = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private tail: { expected: number; received: number; quiet?: ReturnType<typeof setTimeout> } | undefined;

  constructor(
    private readonly request: () => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A read of (at most) `expected` lines begins: Infinity when only a quiet gap can tell its end. */
  readTail(expected: number): void {
    this.endTail();
    this.tail = { expected, received: 0 };
  }

  /**
   * The stream is open: a log with no lines at all sends nothing, so a (longer) quiet gap starts now; a tail that
   * takes the engine even longer to find only ends the slow pace early.
   */
  opened(): void {
    const tail = this.tail;
    if (tail && tail.received === 0) this.quietFor(tail, TAIL_FIRST_QUIET_MS);
  }

  /** Reading the tail (drawing at the slow pace). */
  get readingTail(): boolean {
    return this.tail !== undefined;
  }

  /** Lines arrived (0: something else changed): draw when the pace allows. */
  arrived(n = 0): void {
    this.lines += n;
    const tail = this.tail;
    if (tail && n > 0) {
      tail.received += n;
      if (tail.received >= tail.expected) return this.ended();
      this.quietFor(tail, TAIL_QUIET_MS);
    }
    this.schedule();
  }

  /** The read (or its tail) is over: draw at the next frame, not after a pause. */
  ended(): void {
    this.cancel();
    this.schedule();
  }

  /** The view drew (the requested frame came). */
  drawn(): void {
    this.pending = false;
    this.last = this.now();
    this.lines = 0;
  }

  /** The view goes away or starts over: no timer left behind (the caller cancels its frame). */
  dispose(): void {
    this.cancel();
    this.pending = false;
  }

  /** No tail read, no paced draw waiting, no lines counted towards a flood. */
  private cancel(): void {
    this.endTail();
    clearTimeout(this.timer);
    this.timer = undefined;
    this.lines = 0;
  }

  private endTail(): void {
    clearTimeout(this.tail?.quiet);
    this.tail = undefined;
  }

  /** The tail read ends unless more lines come within `ms`. */
  private quietFor(tail: NonNullable<DrawPacer['tail']>, ms: number): void {
    clearTimeout(tail.quiet);
    tail.quiet = setTimeout(() => this.ended(), ms);
  }

  private schedule(): void {
    if (this.pending || this.timer !== undefined) return;
    const pause = this.tail ? TAIL_DRAW_MS : this.lines > FLOOD_LINES ? FLOOD_DRAW_MS : 0;
    const wait = pause ? this.last + pause - this.now() : 0;
    const go = () => {
      this.timer = undefined;
      this.pending = true;
      this.request();
    };
    if (wait > 0) this.timer = setTimeout(go, wait);
    else go();
  }
}
