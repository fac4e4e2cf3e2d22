import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { BerthError } from '../../../preload/contract/errors';
import { api } from '../api';
import { CommandHint } from '../components/CommandHint';
import { ErrorText } from '../components/ErrorText';
import { terminalCommands } from '../lib/terminal-commands';
import { useContainers } from '../stores';
import { useEngine } from '../stores/engine.store';
import { markRanges, parseAnsi, type AnsiStyle } from './ansi';
import {
  DrawPacer,
  FilteredLines,
  LineSplitter,
  LogBuffer,
  ResumeFilter,
  compileMatcher,
  dedupeBoundary,
  engineTime,
  sortByTime,
  tsSeconds,
  type LineMatcher,
  type LogLine,
} from './log-lines';

/** The view keeps at most this many lines (older ones drop off the top). */
export const MAX_LINES = 50_000;
/** Lines per page when loading older lines. */
export const PAGE_LINES = 2_000;
const TAILS = [100, 1000, 10_000, 50_000] as const;
const SINCE = { none: 0, '10m': 600, '1h': 3600, '24h': 86_400, '7d': 604_800 } as const;
type SinceKey = keyof typeof SINCE;
const ROW_HEIGHT = 18;
type Phase = 'loading' | 'live' | 'ended' | 'error';

/** A window of time to read older lines in: from a millisecond to a month. */
const clampWindow = (secs: number) => Math.min(30 * 86_400, Math.max(0.001, secs));

/** Read one bounded window of older lines (`--since … --until …`), keeping only its newest `keep` lines. */
async function readWindow(id: string, since: number, until: string, keep: number): Promise<LogLine[]> {
  const splitter = new LineSplitter();
  let ring: LogLine[] = [];
  const add = (ls: LogLine[]) => {
    ring = ring.concat(ls);
    if (ring.length > keep * 2) ring = ring.slice(ring.length - keep);
  };
  await new Promise<void>((resolve, reject) => {
    api
      .stream(
        'containers.logs',
        { id, tail: 'all', since: Math.max(0, since), until, timestamps: true, follow: false },
        {
          onFrames: (frames) => add(sortByTime(splitter.push(frames))),
          onEnd: (err) => {
            add(splitter.end());
            if (err) reject(err);
            else resolve();
          },
        },
      )
      .catch(reject);
  });
  return ring.length > keep ? ring.slice(ring.length - keep) : ring;
}

/**
 * `docker logs` of one container: follow, tail, since, timestamps,
 * stdout/stderr told apart, ANSI colours rendered safely, search with
 * highlights, a filter (plain or regex, inverted too), copy and download.
 * Bounded: a tail or a followed stream, at most MAX_LINES kept, virtualized;
 * older lines load page by page through `until`.
 */
export function LogsView({ containerId }: { containerId: string }) {
  const { t } = useTranslation();
  const container = useContainers((s) => s.byId.get(containerId));
  const name = container?.name ?? containerId.slice(0, 12);
  const created = container?.created ?? 0;

  const [follow, setFollow] = useState(true);
  const [tail, setTail] = useState<number>(1000);
  const [since, setSince] = useState<SinceKey>('none');
  const [timestamps, setTimestamps] = useState(false);
  const [streams, setStreams] = useState<'both' | 'stdout' | 'stderr'>('both');
  const [filter, setFilter] = useState('');
  const [filterRegex, setFilterRegex] = useState(false);
  const [invert, setInvert] = useState(false);
  const [search, setSearch] = useState('');
  const [searchRegex, setSearchRegex] = useState(false);
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [activeHit, setActiveHit] = useState(-1);
  const [phase, setPhase] = useState<Phase>('loading');
  const [error, setError] = useState<BerthError | undefined>();
  const [older, setOlder] = useState<'idle' | 'loading' | 'beginning'>('idle');
  const [olderError, setOlderError] = useState<BerthError | undefined>();
  const [copied, setCopied] = useState<number | undefined>();
  const [version, setVersion] = useState(0);
  /** Bumped by Reconnect: the stream re-opens, resuming after the newest line shown. */
  const [attempt, setAttempt] = useState(0);
  const resume = useRef(false);
  const engineUp = useEngine((s) => s.status?.state === 'connected');
  const buffer = useRef(new LogBuffer(MAX_LINES));
  const filtered = useRef(new FilteredLines());
  const frame = useRef(0);
  /** Draws at most once a frame, paced while lines flood in or a tail is read (DrawPacer). */
  const [pacer] = useState(
    () =>
      new DrawPacer(() => {
        frame.current = requestAnimationFrame(() => {
          frame.current = 0;
          pacer.drawn();
          setVersion((v) => v + 1);
        });
      }),
  );
  const windowSecs = useRef(60);
  const atBottom = useRef(true);
  const scroller = useRef<HTMLDivElement>(null);

  // One stream per view: re-opened when what it reads changes, closed when the view goes away.
  useEffect(() => {
    const buf = buffer.current;
    // Reconnect: keep what is shown and read on from its newest line (nothing repeated, nothing missed).
    const last = resume.current ? buf.lines[buf.lines.length - 1] : undefined;
    const from = last?.ts ? engineTime(last.ts) : undefined;
    resume.current = false;
    const resumeFilter = from ? new ResumeFilter(buf.lines) : undefined;
    if (!from) {
      buf.clear();
      windowSecs.current = 60;
      atBottom.current = true;
      setOlder('idle');
      setOlderError(undefined);
    }
    setPhase('loading');
    setError(undefined);
    pacer.arrived();
    // The tail first (a resume reads all that came since: no count to wait for, only a quiet gap).
    pacer.readTail(from ? Infinity : tail);
    const splitter = new LineSplitter();
    let closed = false;
    let handle: { close(): void } | undefined;
    const sinceSecs = SINCE[since] ? Math.floor(Date.now() / 1000) - SINCE[since] : undefined;
    const input = from
      ? { id: containerId, follow, tail: 'all' as const, timestamps: true, since: from }
      : { id: containerId, follow, tail, timestamps: true, ...(sinceSecs ? { since: sinceSecs } : {}) };
    const add = (lines: LogLine[]) => buf.append(resumeFilter ? resumeFilter.filter(lines) : lines);
    api
      .stream('containers.logs', input, {
        onFrames: (frames) => {
          const lines = sortByTime(splitter.push(frames));
          add(lines);
          pacer.arrived(lines.length);
        },
        onEnd: (err) => {
          // Cut off (the engine went away): a half line is dropped, Reconnect reads it whole.
          if (!err) add(splitter.end());
          pacer.ended();
          setPhase(err ? 'error' : 'ended');
          setError(err);
        },
      })
      .then(
        (h) => {
          if (closed) h.close();
          else {
            handle = h;
            pacer.opened();
            setPhase((p) => (p === 'loading' ? 'live' : p));
          }
        },
        (e: unknown) => {
          if (closed) return;
          pacer.ended();
          setPhase('error');
          setError(e as BerthError);
        },
      );
    return () => {
      closed = true;
      handle?.close();
      cancelAnimationFrame(frame.current);
      frame.current = 0;
      pacer.dispose();
    };
  }, [containerId, follow, tail, since, pacer, attempt]);

  const reconnect = () => {
    resume.current = true;
    setAttempt((n) => n + 1);
  };

  const filterMatcher = useMemo(
    () => compileMatcher(filter, { regex: filterRegex, caseSensitive }),
    [filter, filterRegex, caseSensitive],
  );
  const searchMatcher = useMemo(
    () => compileMatcher(search, { regex: searchRegex, caseSensitive }),
    [search, searchRegex, caseSensitive],
  );
  const fm = filterMatcher && !('error' in filterMatcher) ? filterMatcher : undefined;
  const sm = searchMatcher && !('error' in searchMatcher) ? searchMatcher : undefined;

  const keep = useMemo(
    () =>
      streams === 'both' && !fm
        ? undefined
        : (l: LogLine) =>
            (streams === 'both' || (streams === 'stderr') === l.stderr) && (!fm || fm.test(l.plain) !== invert),
    [streams, fm, invert],
  );
  const match = useMemo(() => (sm ? (l: LogLine) => sm.test(l.plain) : undefined), [sm]);
  // The lines shown and the search's hits, caught up with the buffer (new lines only, see FilteredLines), and how
  // many lines the buffer held then. Caught up when a draw comes (DrawPacer bumps `version`) and when the phase
  // changes, not on every render: a render caught up with lines that came meanwhile moves the scroll position,
  // whose scroll event renders again, and during a fast read that chain cost more than the read.
  const { view, hits, total } = useMemo(() => {
    void version;
    void phase;
    const f = filtered.current;
    f.update(buffer.current, keep, match);
    return { view: f.lines, hits: f.hits, total: buffer.current.lines.length };
  }, [version, phase, keep, match]);

  // The virtualizer hands out fresh measurements on every render, which the React compiler cannot memoize.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: view.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  // Keep the newest line in view while following, unless the user scrolled up.
  useLayoutEffect(() => {
    if (atBottom.current && view.length > 0) virtualizer.scrollToIndex(view.length - 1, { align: 'end' });
  }, [view.length, virtualizer]);

  /** activeHit is a line's place in the buffer's history (FilteredLines), so it stays put as lines come and go. */
  const goToHit = (dir: 1 | -1) => {
    if (hits.length === 0) return;
    const cur = hits.indexOf(activeHit);
    const next = hits[(cur + dir + hits.length) % hits.length] ?? hits[0]!;
    setActiveHit(next);
    atBottom.current = false;
    const index = filtered.current.indexOf(next);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'center' });
  };

  const text = () => view.map((l) => (timestamps && l.ts ? `${l.ts} ${l.plain}` : l.plain)).join('\n');
  const copy = () => {
    const n = view.length;
    void navigator.clipboard?.writeText(text()).then(() => {
      setCopied(n);
      setTimeout(() => setCopied(undefined), 1500);
    });
  };
  const download = () => {
    const blob = new Blob([text(), '\n'], { type: 'text/plain;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `${name}.log`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const loadOlder = async () => {
    const buf = buffer.current;
    const oldest = buf.lines[0];
    if (!oldest?.ts || !engineTime(oldest.ts) || buf.full) return;
    setOlder('loading');
    setOlderError(undefined);
    // First guess: a window that should hold about a page, from how dense the lines shown are.
    const newest = buf.lines[buf.lines.length - 1];
    if (windowSecs.current === 60 && newest?.ts && buf.lines.length > 1) {
      const span = Math.max(0.001, tsSeconds(newest.ts) - tsSeconds(oldest.ts));
      windowSecs.current = clampWindow((PAGE_LINES * span) / buf.lines.length);
    }
    const start = Math.max(0, created - 1);
    /** Older lines gathered so far, oldest first; windows of time walk back until a page is full. */
    let collected: LogLine[] = [];
    let beginning = false;
    try {
      for (let tries = 0; tries < 24 && collected.length < PAGE_LINES; tries++) {
        const boundary = collected[0] ?? oldest;
        const until = engineTime(boundary.ts)!;
        const w = windowSecs.current;
        const from = tsSeconds(boundary.ts) - w;
        const sinceSecs = from <= start ? start : from;
        const need = PAGE_LINES - collected.length;
        // A little more than needed: the window repeats the boundary line(s) (until is inclusive).
        const raw = await readWindow(containerId, sinceSecs, until, need + 64);
        const got = dedupeBoundary(raw, collected.length ? collected : buf.lines).slice(-need);
        collected = got.concat(collected);
        // Aim the next window at about a page.
        windowSecs.current = clampWindow(got.length ? (w * need) / got.length : w * 8);
        if (sinceSecs === start) {
          beginning = true;
          break;
        }
      }
      if (collected.length > 0) {
        const added = buf.prepend(collected);
        atBottom.current = false;
        setVersion((v) => v + 1);
        // Keep the lines the user was looking at in place.
        requestAnimationFrame(() => virtualizer.scrollToIndex(Math.max(0, added - 1), { align: 'start' }));
      }
      setOlder(beginning && collected.length < PAGE_LINES ? 'beginning' : 'idle');
    } catch (e) {
      setOlder('idle');
      setOlderError(e as BerthError);
    }
  };

  const badFilter = filterMatcher && 'error' in filterMatcher ? filterMatcher.error : undefined;
  const badSearch = searchMatcher && 'error' in searchMatcher ? searchMatcher.error : undefined;
  /** Opening, or the tail still arriving (drawn once a second): not yet the time to say there are no lines. */
  const reading = phase === 'loading' || pacer.readingTail;
  const items = virtualizer.getVirtualItems();
  const sinceFlag = since === 'none' ? undefined : since;

  return (
    <div className="logs-view" data-container={containerId}>
      <div className="logs-toolbar">
        <label className="check">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
          {t('logs.follow')}
        </label>
        <label className="logs-field">
          <span>{t('logs.tail')}</span>
          <select value={tail} onChange={(e) => setTail(Number(e.target.value))} aria-label={t('logs.tail')}>
            {TAILS.map((n) => (
              <option key={n} value={n}>
                {t('logs.tailN', { n: n.toLocaleString() })}
              </option>
            ))}
          </select>
        </label>
        <label className="logs-field">
          <span>{t('logs.since')}</span>
          <select value={since} onChange={(e) => setSince(e.target.value as SinceKey)} aria-label={t('logs.since')}>
            {(Object.keys(SINCE) as SinceKey[]).map((k) => (
              <option key={k} value={k}>
                {t(`logs.sinceOptions.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={timestamps} onChange={(e) => setTimestamps(e.target.checked)} />
          {t('logs.timestamps')}
        </label>
        <select
          value={streams}
          onChange={(e) => setStreams(e.target.value as typeof streams)}
          aria-label={t('logs.streams.label')}
        >
          <option value="both">{t('logs.streams.both')}</option>
          <option value="stdout">{t('logs.streams.stdout')}</option>
          <option value="stderr">{t('logs.streams.stderr')}</option>
        </select>
        <span className="spacer" />
        <button type="button" onClick={copy} disabled={view.length === 0}>
          {copied !== undefined ? t('logs.copied', { count: copied }) : t('logs.copy')}
        </button>
        <button type="button" onClick={download} disabled={view.length === 0}>
          {t('logs.download')}
        </button>
      </div>
      <div className="logs-toolbar">
        <input
          type="search"
          className="logs-query"
          placeholder={t('logs.filterPlaceholder')}
          aria-label={t('logs.filter')}
          aria-invalid={!!badFilter}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <label className="check small">
          <input type="checkbox" checked={filterRegex} onChange={(e) => setFilterRegex(e.target.checked)} />
          {t('logs.regex')}
        </label>
        <label className="check small">
          <input type="checkbox" checked={invert} onChange={(e) => setInvert(e.target.checked)} />
          {t('logs.invert')}
        </label>
        <input
          type="search"
          className="logs-query"
          placeholder={t('logs.searchPlaceholder')}
          aria-label={t('logs.search')}
          aria-invalid={!!badSearch}
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setActiveHit(-1);
          }}
          onKeyDown={(e) => e.key === 'Enter' && goToHit(e.shiftKey ? -1 : 1)}
        />
        <label className="check small">
          <input type="checkbox" checked={searchRegex} onChange={(e) => setSearchRegex(e.target.checked)} />
          {t('logs.regex')}
        </label>
        <label className="check small">
          <input type="checkbox" checked={caseSensitive} onChange={(e) => setCaseSensitive(e.target.checked)} />
          {t('logs.caseSensitive')}
        </label>
        <button type="button" aria-label={t('logs.previous')} disabled={hits.length === 0} onClick={() => goToHit(-1)}>
          ↑
        </button>
        <button type="button" aria-label={t('logs.next')} disabled={hits.length === 0} onClick={() => goToHit(1)}>
          ↓
        </button>
        <span className="muted small" data-testid="logs-hits">
          {search && sm ? (hits.length ? t('logs.matches', { count: hits.length }) : t('logs.noMatches')) : ''}
        </span>
      </div>
      {(badFilter || badSearch) && (
        <p className="error-text small" role="alert">
          {t('logs.badRegex', { message: badFilter ?? badSearch })}
        </p>
      )}
      {phase === 'error' && error && (
        <div className="banner error" role="alert" data-testid="logs-error">
          <span>
            {error.code === 'engine_unreachable' ? (
              <>
                <strong>{t('logs.engineGone')}</strong> <span className="detail">{error.message}</span>
              </>
            ) : (
              <ErrorText error={error} />
            )}
          </span>
          {(error.code === 'engine_unreachable' || error.code === 'stream_error') && (
            <>
              <button type="button" disabled={!engineUp} onClick={reconnect}>
                {t('logs.reconnect')}
              </button>
              {!engineUp && <span className="muted small">{t('logs.waitingForEngine')}</span>}
            </>
          )}
        </div>
      )}
      <div className="logs-olders">
        {older === 'beginning' ? (
          <span className="muted small" data-testid="logs-beginning">
            {t('logs.beginning')}
          </span>
        ) : buffer.current.full ? (
          <span className="muted small">{t('logs.bufferFull', { max: MAX_LINES.toLocaleString() })}</span>
        ) : (
          <button
            type="button"
            className="link"
            disabled={older === 'loading' || total === 0}
            onClick={() => void loadOlder()}
          >
            {older === 'loading' ? t('logs.loadingOlder') : t('logs.loadOlder')}
          </button>
        )}
        {olderError && (
          <span className="error-text small">
            <ErrorText error={olderError} />
          </span>
        )}
        <span className="spacer" />
        <span className="muted small" data-testid="logs-counts">
          {t('logs.counts', { shown: view.length.toLocaleString(), total: total.toLocaleString() })}
        </span>
        {phase === 'live' && follow && <span className="logs-live small">● {t('logs.following')}</span>}
        {phase === 'ended' && follow && <span className="muted small">{t('logs.ended')}</span>}
      </div>
      <div
        className="logs-scroller"
        ref={scroller}
        role="log"
        aria-label={t('logs.title', { name })}
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          atBottom.current = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT;
        }}
      >
        <div className="logs-inner" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((it) => {
            const line = view[it.index]!;
            return (
              <LogRow
                key={line.seq}
                line={line}
                top={it.start}
                timestamps={timestamps}
                search={sm}
                active={filtered.current.placeAt(it.index) === activeHit}
              />
            );
          })}
        </div>
        {!reading && view.length === 0 && (
          <p className="empty">{total === 0 ? t('logs.empty') : t('logs.emptyFiltered')}</p>
        )}
        {reading && view.length === 0 && <p className="empty">{t('logs.loading')}</p>}
      </div>
      {!atBottom.current && follow && view.length > 0 && (
        <button
          type="button"
          className="logs-jump"
          onClick={() => {
            atBottom.current = true;
            virtualizer.scrollToIndex(view.length - 1, { align: 'end' });
          }}
        >
          {t('logs.jumpToEnd')}
        </button>
      )}
      <CommandHint
        command={terminalCommands.logs(name, {
          follow,
          tail,
          ...(sinceFlag ? { since: sinceFlag } : {}),
          timestamps,
        })}
      />
    </div>
  );
}

function styleOf(s: AnsiStyle): { className: string; style: CSSProperties | undefined } {
  let fg = s.fg;
  let bg = s.bg;
  if (s.inverse) [fg, bg] = [bg ?? 'var(--panel)', fg ?? 'var(--text)'];
  const cls: string[] = [];
  const style: CSSProperties = {};
  // Palette entries follow the theme (--ansi-N in styles.css); exact colours stay exact.
  if (fg !== undefined) style.color = typeof fg === 'number' ? `var(--ansi-${fg})` : fg;
  if (bg !== undefined) style.background = typeof bg === 'number' ? `var(--ansi-${bg})` : bg;
  if (s.bold) cls.push('ansi-bold');
  if (s.dim) cls.push('ansi-dim');
  if (s.italic) cls.push('ansi-italic');
  if (s.underline) cls.push('ansi-underline');
  if (s.strike) cls.push('ansi-strike');
  return { className: cls.join(' '), style: Object.keys(style).length ? style : undefined };
}

const LogRow = memo(function LogRow({
  line,
  top,
  timestamps,
  search,
  active,
}: {
  line: LogLine;
  top: number;
  timestamps: boolean;
  search: LineMatcher | undefined;
  active: boolean;
}) {
  const parts = useMemo(() => {
    const segs = line.raw === line.plain ? [{ text: line.plain, style: {} }] : parseAnsi(line.raw);
    return markRanges(segs, search ? search.ranges(line.plain) : []);
  }, [line, search]);
  return (
    <div
      className={`log-line${line.stderr ? ' stderr' : ''}${active ? ' active' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      data-seq={line.seq}
      data-stream={line.stderr ? 'stderr' : 'stdout'}
    >
      {timestamps && line.ts && (
        <span className="log-ts" title={line.ts}>
          {line.ts.replace('T', ' ').slice(0, 23)}
        </span>
      )}
      <span className="log-text">
        {parts.map((p, i) => {
          const { className, style } = styleOf(p.style);
          return p.hit ? (
            <mark key={i} className={className || undefined} style={style}>
              {p.text}
            </mark>
          ) : className || style ? (
            <span key={i} className={className} style={style}>
              {p.text}
            </span>
          ) : (
            p.text
          );
        })}
      </span>
    </div>
  );
});
