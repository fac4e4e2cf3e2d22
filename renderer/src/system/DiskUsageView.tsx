import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiskUsage } from '../../../preload/contract/system.contract';
import { CommandHint } from '../components/CommandHint';
import { ErrorText } from '../components/ErrorText';
import { ConceptHelp } from '../learn/ConceptHelp';
import { formatAgo, formatBytes, formatDateTime } from '../lib/format';
import { useSystem } from '../stores';
import { DISK_TYPES, DiskChart } from './DiskChart';
import { systemCommands } from './system-commands';

/** "1.2 GiB (40%)" as the CLI prints RECLAIMABLE. */
export function reclaimableText(reclaimable: number, size: number, fmt: (n: number) => string, locale: string) {
  if (size <= 0) return fmt(reclaimable);
  const pct = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(
    Math.floor((reclaimable * 100) / size),
  );
  return `${fmt(reclaimable)} (${pct}%)`;
}

/** `docker system df` (and `-v`): a chart, the CLI's table, and the items behind it on request. */
export function DiskUsageView() {
  const { t, i18n } = useTranslation();
  const df = useSystem((s) => s.df);
  const [verbose, setVerbose] = useState(false);
  const fmt = (n: number) => formatBytes(n, i18n.language);
  const num = (n: number) => new Intl.NumberFormat(i18n.language).format(n);
  const v = df.value;
  const total = v ? DISK_TYPES.reduce((n, k) => n + v[k].size, 0) : 0;
  const reclaimable = v ? DISK_TYPES.reduce((n, k) => n + v[k].reclaimable, 0) : 0;
  return (
    <div className="system-section">
      <CommandHint command={systemCommands.df(verbose)} />
      {df.error && (
        <div className="banner error" role="alert">
          <ErrorText error={df.error} />
        </div>
      )}
      {!v && df.status !== 'error' && <p className="muted">{t('system.loading')}</p>}
      {v && (
        <>
          <div className="aid-card">
            <h2 className="title-with-help">
              {t('system.disk.title')} <ConceptHelp concept="layers" />
            </h2>
            <p className="muted" data-testid="disk-summary">
              {t('system.disk.summary', { size: fmt(total), reclaimable: fmt(reclaimable) })}
            </p>
            <DiskChart df={v} />
          </div>
          <div className="table-wrap">
            <table className="grid" aria-label={t('system.disk.title')}>
              <thead>
                <tr>
                  <th>{t('system.disk.type')}</th>
                  <th className="num">{t('system.disk.total')}</th>
                  <th className="num">{t('system.disk.active')}</th>
                  <th className="num">{t('system.disk.size')}</th>
                  <th className="num">{t('system.disk.reclaimable')}</th>
                </tr>
              </thead>
              <tbody>
                {DISK_TYPES.map((k) => (
                  <tr key={k} data-type={k}>
                    <td>{t(`system.disk.${k}`)}</td>
                    <td className="num" data-col="total">
                      {num(v[k].total)}
                    </td>
                    <td className="num" data-col="active">
                      {num(v[k].active)}
                    </td>
                    <td className="num" data-col="size">
                      {fmt(v[k].size)}
                    </td>
                    <td className="num" data-col="reclaimable">
                      {reclaimableText(v[k].reclaimable, v[k].size, fmt, i18n.language)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div>
            <button type="button" aria-expanded={verbose} onClick={() => setVerbose((x) => !x)}>
              {verbose ? t('system.disk.hideItems') : t('system.disk.showItems')}
            </button>
          </div>
          {verbose && <DiskItems df={v} />}
        </>
      )}
    </div>
  );
}

function DiskItems({ df }: { df: DiskUsage }) {
  const { t, i18n } = useTranslation();
  const fmt = (n: number) => (n < 0 ? t('system.disk.notComputed') : formatBytes(n, i18n.language));
  const { images, containers, volumes, buildCache } = df.items;
  return (
    <div className="disk-items">
      <h3>{t('system.disk.images')}</h3>
      <div className="table-wrap">
        <table className="grid compact" aria-label={t('system.disk.images')}>
          <thead>
            <tr>
              <th>{t('system.disk.cols.repository')}</th>
              <th>{t('system.disk.cols.id')}</th>
              <th>{t('system.disk.cols.created')}</th>
              <th className="num">{t('system.disk.cols.size')}</th>
              <th className="num">{t('system.disk.cols.shared')}</th>
              <th className="num">{t('system.disk.cols.unique')}</th>
              <th className="num">{t('system.disk.cols.usedBy')}</th>
            </tr>
          </thead>
          <tbody>
            {[...images]
              .sort((a, b) => b.size - a.size)
              .map((i) => (
                <tr key={i.id} data-id={i.id}>
                  <td className="mono small">{i.tags.join(', ') || t('system.disk.none')}</td>
                  <td className="mono small">{i.id.replace(/^sha256:/, '').slice(0, 12)}</td>
                  <td title={formatDateTime(i.created, i18n.language)}>{formatAgo(i.created, i18n.language)}</td>
                  <td className="num">{fmt(i.size)}</td>
                  <td className="num">{fmt(i.sharedSize)}</td>
                  <td className="num">{i.sharedSize < 0 ? fmt(-1) : fmt(Math.max(0, i.size - i.sharedSize))}</td>
                  <td className="num">{i.containers < 0 ? '—' : i.containers}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
      <h3>{t('system.disk.containers')}</h3>
      <div className="table-wrap">
        <table className="grid compact" aria-label={t('system.disk.containers')}>
          <thead>
            <tr>
              <th>{t('system.disk.cols.name')}</th>
              <th>{t('system.disk.cols.image')}</th>
              <th>{t('system.disk.cols.state')}</th>
              <th className="num">{t('system.disk.cols.writable')}</th>
            </tr>
          </thead>
          <tbody>
            {[...containers]
              .sort((a, b) => b.sizeRw - a.sizeRw)
              .map((c) => (
                <tr key={c.id} data-id={c.id}>
                  <td>{c.name}</td>
                  <td className="mono small">{c.image}</td>
                  <td>{c.state}</td>
                  <td className="num">{fmt(c.sizeRw)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
      <h3>{t('system.disk.volumes')}</h3>
      <div className="table-wrap">
        <table className="grid compact" aria-label={t('system.disk.volumes')}>
          <thead>
            <tr>
              <th>{t('system.disk.cols.volume')}</th>
              <th>{t('system.disk.cols.kind')}</th>
              <th className="num">{t('system.disk.cols.links')}</th>
              <th className="num">{t('system.disk.cols.size')}</th>
            </tr>
          </thead>
          <tbody>
            {[...volumes]
              .sort((a, b) => b.size - a.size)
              .map((v) => (
                <tr key={v.name} data-id={v.name}>
                  <td className="mono small truncate" title={v.name}>
                    {v.name}
                  </td>
                  <td>{v.anonymous ? t('system.disk.anonymous') : t('system.disk.named')}</td>
                  <td className="num">{v.refCount < 0 ? '—' : v.refCount}</td>
                  <td className="num">{fmt(v.size)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
      {buildCache.length > 0 && (
        <>
          <h3>{t('system.disk.buildCache')}</h3>
          <div className="table-wrap">
            <table className="grid compact" aria-label={t('system.disk.buildCache')}>
              <thead>
                <tr>
                  <th>{t('system.disk.cols.id')}</th>
                  <th>{t('system.disk.cols.cacheType')}</th>
                  <th>{t('system.disk.cols.description')}</th>
                  <th className="num">{t('system.disk.cols.size')}</th>
                  <th>{t('system.disk.cols.inUse')}</th>
                  <th>{t('system.disk.cols.shared2')}</th>
                </tr>
              </thead>
              <tbody>
                {buildCache.map((b) => (
                  <tr key={b.id}>
                    <td className="mono small">{b.id.slice(0, 12)}</td>
                    <td>{b.type}</td>
                    <td className="small truncate" title={b.description}>
                      {b.description}
                    </td>
                    <td className="num">{fmt(b.size)}</td>
                    <td>{b.inUse ? t('system.info.yes') : t('system.info.no')}</td>
                    <td>{b.shared ? t('system.info.yes') : t('system.info.no')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
