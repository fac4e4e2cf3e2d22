import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActivityEntry } from '../../../preload/contract/system.contract';
import { CommandHint } from '../components/CommandHint';
import { ErrorText } from '../components/ErrorText';
import { docker } from '../lib/journal';
import { useActivity } from '../stores';
import {
  TYPE_FILTERS,
  detailText,
  download,
  exportName,
  objectLabel,
  toCsv,
  toJson,
  visibleEntries,
  type TypeFilter,
} from './activity-view';
import { isObjectKind, openObject } from './open-object';

const PAGE = 300;
const KINDS = new Set(['container', 'image', 'volume', 'network', 'daemon', 'engine', 'plugin', 'builder']);

/** `docker events` for the session: live, filterable, exportable; each entry opens its object. */
export function ActivityPanel() {
  const { t, i18n } = useTranslation();
  const entries = useActivity((s) => s.entries);
  const status = useActivity((s) => s.status);
  const error = useActivity((s) => s.error);
  const dropped = useActivity((s) => s.dropped);
  const capacity = useActivity((s) => s.capacity);
  const since = useActivity((s) => s.since);
  const clearedThrough = useActivity((s) => s.clearedThrough);
  const clearView = useActivity((s) => s.clearView);
  const restoreView = useActivity((s) => s.restoreView);
  const [type, setType] = useState<TypeFilter>('all');
  const [text, setText] = useState('');
  const [limit, setLimit] = useState(PAGE);

  const rows = useMemo(
    () => visibleEntries(entries, { type, text, clearedThrough }),
    [entries, type, text, clearedThrough],
  );
  const shown = rows.slice(0, limit);
  const time = useMemo(() => new Intl.DateTimeFormat(i18n.language, { timeStyle: 'medium' }), [i18n.language]);
  const dateTime = useMemo(
    () => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'medium' }),
    [i18n.language],
  );
  // Exports hold what the filters show, oldest first.
  const exportRows = () => [...rows].reverse();

  return (
    <section className="panel activity" aria-labelledby="activity-title">
      <header className="panel-header">
        <h1 id="activity-title">{t('activity.title')}</h1>
        <span className="count" data-testid="activity-count">
          {t('activity.count', { shown: rows.length, total: entries.length })}
        </span>
        <span className="spacer" />
        <select aria-label={t('activity.type')} value={type} onChange={(e) => setType(e.target.value as TypeFilter)}>
          {TYPE_FILTERS.map((f) => (
            <option key={f} value={f}>
              {t(`activity.types.${f}`)}
            </option>
          ))}
        </select>
        <input
          type="search"
          className="filter"
          placeholder={t('activity.filter')}
          aria-label={t('activity.filter')}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </header>
      <p className="muted small">
        {t('activity.intro')}
        {since ? ` ${t('activity.since', { time: dateTime.format(since) })}` : ''}
      </p>
      <CommandHint
        command={docker(
          'events',
          type !== 'all' && type !== 'other' && '--filter',
          type !== 'all' && type !== 'other' ? `type=${type}` : undefined,
        )}
      />
      <div className="toolbar">
        <button type="button" onClick={() => download(exportName('json'), toJson(exportRows()), 'application/json')}>
          {t('activity.exportJson')}
        </button>
        <button type="button" onClick={() => download(exportName('csv'), toCsv(exportRows()), 'text/csv')}>
          {t('activity.exportCsv')}
        </button>
        {clearedThrough > 0 ? (
          <button type="button" onClick={restoreView}>
            {t('activity.restore')}
          </button>
        ) : (
          <button type="button" onClick={clearView} title={t('activity.clearHelp')} disabled={entries.length === 0}>
            {t('activity.clear')}
          </button>
        )}
      </div>
      {dropped > 0 && (
        <div className="banner warn" role="status">
          {t('activity.dropped', { count: dropped, capacity })}
        </div>
      )}
      {status === 'error' && error && (
        <div className="banner error" role="alert">
          <ErrorText error={error} />
        </div>
      )}
      <div className="table-wrap">
        <table className="grid activity-table" aria-label={t('activity.title')}>
          <thead>
            <tr>
              <th>{t('activity.cols.time')}</th>
              <th>{t('activity.cols.type')}</th>
              <th>{t('activity.cols.action')}</th>
              <th>{t('activity.cols.object')}</th>
              <th>{t('activity.cols.details')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => (
              <Row key={e.seq} e={e} time={time.format(e.time)} title={dateTime.format(e.time)} />
            ))}
          </tbody>
        </table>
        {status === 'loading' && <p className="empty">{t('common.loading')}</p>}
        {status !== 'loading' && rows.length === 0 && (
          <p className="empty">{entries.length === 0 ? t('activity.empty') : t('activity.emptyFiltered')}</p>
        )}
      </div>
      {rows.length > shown.length && (
        <div>
          <button type="button" onClick={() => setLimit((l) => l + PAGE)}>
            {t('activity.showMore')}
          </button>
        </div>
      )}
    </section>
  );
}

function Row({ e, time, title }: { e: ActivityEntry; time: string; title: string }) {
  const { t } = useTranslation();
  const label = objectLabel(e);
  const kind = KINDS.has(e.type) ? e.type : 'other';
  const linkable = isObjectKind(e.type) && e.id;
  return (
    <tr data-seq={e.seq} data-type={e.type} data-action={e.action} data-id={e.id} data-name={e.name ?? ''}>
      <td className="small nowrap" title={title}>
        {time}
      </td>
      <td>
        <span className={`type-pill ${kind}`}>{t(`activity.kind.${kind}`)}</span>
      </td>
      <td className="mono small">
        {e.type === 'engine'
          ? e.action === 'connected'
            ? t('activity.engineConnected')
            : t('activity.engineDisconnected')
          : e.action}
      </td>
      <td className="small">
        {linkable ? (
          <button
            type="button"
            className="link mono"
            title={t('activity.open', { name: label })}
            onClick={() => isObjectKind(e.type) && openObject(e.type, e.id)}
          >
            {label}
          </button>
        ) : (
          <span className="mono">{e.type === 'engine' ? '' : label}</span>
        )}
      </td>
      <td className="small muted truncate" title={detailText(e)}>
        {detailText(e)}
      </td>
    </tr>
  );
}
