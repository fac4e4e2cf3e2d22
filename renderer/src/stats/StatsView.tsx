import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StatsSample } from '../../../preload/contract/container-streams.contract';
import type { BerthError } from '../../../preload/contract/errors';
import { api } from '../api';
import { CommandHint } from '../components/CommandHint';
import { ErrorText } from '../components/ErrorText';
import { formatBytes } from '../lib/format';
import { terminalCommands } from '../lib/terminal-commands';
import { useContainers } from '../stores';
import { StatsChart } from './StatsChart';
import { pushBounded, toSeries } from './stats-math';

/** Visible: the document is shown (a hidden window or tab keeps no stats stream open). */
function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState !== 'hidden');
  useEffect(() => {
    const on = () => setVisible(document.visibilityState !== 'hidden');
    document.addEventListener('visibilitychange', on);
    return () => document.removeEventListener('visibilitychange', on);
  }, []);
  return visible;
}

function useTheme(): string {
  const [theme, setTheme] = useState(() => document.documentElement.dataset.theme ?? 'light');
  useEffect(() => {
    const mo = new MutationObserver(() => setTheme(document.documentElement.dataset.theme ?? 'light'));
    mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => mo.disconnect();
  }, []);
  return theme;
}

/**
 * `docker stats` of one container: live CPU, memory, network and block I/O
 * charts. One stats stream while the view is shown, closed when it is hidden
 * or unmounted; never a loop of one-shot calls.
 */
export function StatsView({ containerId }: { containerId: string }) {
  const { t, i18n } = useTranslation();
  const container = useContainers((s) => s.byId.get(containerId));
  const name = container?.name ?? containerId.slice(0, 12);
  const visible = usePageVisible();
  const theme = useTheme();
  const [samples, setSamples] = useState<StatsSample[]>([]);
  const [error, setError] = useState<BerthError | undefined>();
  const [ended, setEnded] = useState(false);

  useEffect(() => {
    if (!visible) return;
    let closed = false;
    let handle: { close(): void } | undefined;
    api
      .stream(
        'containers.stats',
        { id: containerId },
        {
          onFrames: (frames) => setSamples((prev) => frames.reduce((acc, f) => pushBounded(acc, f), prev)),
          onEnd: (err) => {
            if (closed) return;
            setEnded(true);
            setError(err);
          },
        },
      )
      .then(
        (h) => {
          if (closed) return h.close();
          handle = h;
          setError(undefined);
          setEnded(false);
        },
        (e: unknown) => !closed && setError(e as BerthError),
      );
    return () => {
      closed = true;
      handle?.close();
    };
  }, [containerId, visible]);

  const series = useMemo(() => toSeries(samples), [samples]);
  const last = samples[samples.length - 1];
  const lang = i18n.language;
  const bytes = (v: number) => formatBytes(Math.max(0, v), lang);
  const perSec = (v: number) => t('stats.perSecond', { value: bytes(v) });
  const pct = (v: number) => `${new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(v)}%`;
  const tail = (xs: number[]) => xs[xs.length - 1] ?? 0;

  return (
    <div className="stats-view" data-container={containerId} aria-label={t('stats.title', { name })}>
      {error && (
        <div className="banner error" role="alert">
          <span>
            <ErrorText error={error} />
          </span>
        </div>
      )}
      {last && !last.running && <div className="banner warn">{t('stats.notRunning')}</div>}
      {!last && !error && <p className="muted">{t('stats.waiting')}</p>}
      {ended && !error && <p className="muted small">{t('stats.ended')}</p>}
      {last && (
        <dl className="stats-figures" data-testid="stats-figures">
          <div>
            <dt>{t('stats.cpu')}</dt>
            <dd data-testid="stats-cpu">
              {pct(last.cpuPercent)}
              <span className="muted small"> · {t('stats.cpus', { count: last.onlineCpus })}</span>
            </dd>
          </div>
          <div>
            <dt>{t('stats.memory')}</dt>
            <dd data-testid="stats-mem">
              {t('stats.ofLimit', { used: bytes(last.memUsage), limit: bytes(last.memLimit) })}
              <span className="muted small"> · {pct(last.memPercent)}</span>
            </dd>
          </div>
          <div>
            <dt>{t('stats.network')}</dt>
            <dd>
              ↓ {perSec(tail(series.netRx))} ↑ {perSec(tail(series.netTx))}
              <div className="muted small">{t('stats.totals', { in: bytes(last.netRx), out: bytes(last.netTx) })}</div>
            </dd>
          </div>
          <div>
            <dt>{t('stats.block')}</dt>
            <dd>
              {t('stats.read')} {perSec(tail(series.blkRead))} · {t('stats.written')} {perSec(tail(series.blkWrite))}
              <div className="muted small">
                {t('stats.totals', { in: bytes(last.blockRead), out: bytes(last.blockWrite) })}
              </div>
            </dd>
          </div>
          <div>
            <dt>{t('stats.pids')}</dt>
            <dd data-testid="stats-pids">{last.pids}</dd>
          </div>
        </dl>
      )}
      <div className="stats-charts">
        <StatsChart
          title={t('stats.cpu')}
          time={series.time}
          series={[{ label: t('stats.cpu'), color: 'var(--accent)', values: series.cpu }]}
          format={pct}
          min={0}
          theme={theme}
        />
        <StatsChart
          title={t('stats.memory')}
          time={series.time}
          series={[{ label: t('stats.memory'), color: 'var(--ok)', values: series.mem }]}
          format={bytes}
          min={0}
          theme={theme}
        />
        <StatsChart
          title={t('stats.network')}
          time={series.time}
          series={[
            { label: t('stats.received'), color: 'var(--accent)', values: series.netRx },
            { label: t('stats.sent'), color: 'var(--warn)', values: series.netTx },
          ]}
          format={perSec}
          min={0}
          theme={theme}
        />
        <StatsChart
          title={t('stats.block')}
          time={series.time}
          series={[
            { label: t('stats.read'), color: 'var(--ok)', values: series.blkRead },
            { label: t('stats.written'), color: 'var(--err)', values: series.blkWrite },
          ]}
          format={perSec}
          min={0}
          theme={theme}
        />
      </div>
      <CommandHint command={terminalCommands.stats(name)} />
    </div>
  );
}
