import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContainerSummary, PortBinding } from '../../../preload/contract/containers.contract';
import { CommandHint } from '../components/CommandHint';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorText } from '../components/ErrorText';
import type { BerthError } from '../../../preload/contract/errors';
import { containerCommands } from '../lib/docker-command';
import { formatAgo, formatDateTime } from '../lib/format';
import { useContainers } from '../stores';
import { useSettings } from '../stores/settings.store';

export function formatPort(p: PortBinding): string {
  const container = `${p.privatePort}/${p.type}`;
  if (!p.publicPort) return container;
  const ip = !p.ip || p.ip === '0.0.0.0' ? '0.0.0.0' : p.ip.includes(':') ? `[${p.ip}]` : p.ip;
  return `${ip}:${p.publicPort}→${container}`;
}

/** Rows shown: running only unless "all", filtered by name/image, newest first. */
export function visibleContainers(
  byId: Map<string, ContainerSummary>,
  all: boolean,
  filter: string,
): ContainerSummary[] {
  const q = filter.trim().toLowerCase();
  const rows: ContainerSummary[] = [];
  for (const c of byId.values()) {
    if (!all && c.state !== 'running' && c.state !== 'restarting' && c.state !== 'paused') continue;
    if (q && !c.name.toLowerCase().includes(q) && !c.image.toLowerCase().includes(q) && !c.id.startsWith(q)) continue;
    rows.push(c);
  }
  return rows.sort((a, b) => b.created - a.created || a.name.localeCompare(b.name));
}

export function ContainersPanel() {
  const { t } = useTranslation();
  const byId = useContainers((s) => s.byId);
  const status = useContainers((s) => s.status);
  const loadError = useContainers((s) => s.error);
  const failure = useContainers((s) => s.lastFailure);
  const dismissFailure = useContainers((s) => s.dismissFailure);
  const showAll = useSettings((s) => s.showAllContainers);
  const setShowAll = useSettings((s) => s.setShowAllContainers);
  const [filter, setFilter] = useState('');
  const [removing, setRemoving] = useState<ContainerSummary | undefined>();

  const rows = useMemo(() => visibleContainers(byId, showAll, filter), [byId, showAll, filter]);

  return (
    <section className="panel" aria-labelledby="containers-title">
      <header className="panel-header">
        <h1 id="containers-title">{t('containers.title')}</h1>
        <span className="count" data-testid="containers-count">
          {t('containers.count', { shown: rows.length, total: byId.size })}
        </span>
        <span className="spacer" />
        <input
          type="search"
          className="filter"
          placeholder={t('containers.filter')}
          aria-label={t('containers.filter')}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <label className="toggle">
          <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} />
          {t('containers.showAll')}
        </label>
      </header>
      <CommandHint command={containerCommands.list(showAll)} />

      {failure && (
        <div className="banner error" role="alert">
          <span>
            {t('containers.actionFailed', { action: t(`containers.actions.${failure.action}`), name: failure.name })}:{' '}
            <ErrorText error={failure.error} />
          </span>
          <button type="button" className="link" onClick={dismissFailure}>
            {t('common.dismiss')}
          </button>
        </div>
      )}
      {status === 'error' && loadError && (
        <div className="banner error" role="alert">
          <ErrorText error={loadError} />
        </div>
      )}

      <div className="table-wrap">
        <table className="grid" aria-label={t('containers.title')}>
          <thead>
            <tr>
              <th>{t('containers.columns.name')}</th>
              <th>{t('containers.columns.image')}</th>
              <th>{t('containers.columns.command')}</th>
              <th>{t('containers.columns.created')}</th>
              <th>{t('containers.columns.status')}</th>
              <th>{t('containers.columns.ports')}</th>
              <th className="actions-col">{t('containers.columns.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <ContainerRow key={c.id} c={c} onRemove={() => setRemoving(c)} />
            ))}
          </tbody>
        </table>
        {status === 'loading' && <p className="empty">{t('common.loading')}</p>}
        {status === 'ready' && rows.length === 0 && (
          <p className="empty">
            {byId.size === 0
              ? t('containers.empty')
              : filter
                ? t('containers.emptyFiltered')
                : t('containers.emptyRunning')}
          </p>
        )}
      </div>
      {removing && <RemoveDialog c={removing} onClose={() => setRemoving(undefined)} />}
    </section>
  );
}

function ContainerRow({ c, onRemove }: { c: ContainerSummary; onRemove(): void }) {
  const { t, i18n } = useTranslation();
  const busy = useContainers((s) => s.busy[c.id]);
  const act = useContainers((s) => s.act);
  const running = c.state === 'running' || c.state === 'restarting' || c.state === 'paused';
  const run = (action: 'start' | 'stop' | 'restart') => () => void act(c.id, action).catch(() => {});
  return (
    <tr data-id={c.id} data-name={c.name} data-state={c.state} aria-busy={busy ? true : undefined}>
      <td>
        <div className="name">{c.name}</div>
        <div className="muted mono small">{c.id.slice(0, 12)}</div>
      </td>
      <td className="mono small">{c.image}</td>
      <td className="mono small truncate" title={c.command}>
        {c.command}
      </td>
      <td title={formatDateTime(c.created, i18n.language)}>{formatAgo(c.created, i18n.language)}</td>
      <td>
        <span className={`state-pill ${c.state}`}>{t(`containers.state.${c.state}`)}</span>
        <div className="muted small">{c.status}</div>
      </td>
      <td className="mono small">
        {c.ports.map((p) => (
          <div key={`${p.ip ?? ''}:${p.publicPort ?? ''}:${p.privatePort}/${p.type}`}>{formatPort(p)}</div>
        ))}
      </td>
      <td className="actions">
        {running ? (
          <>
            <button
              type="button"
              disabled={!!busy}
              title={`$ ${containerCommands.stop(c.name)}`}
              aria-label={`${t('containers.actions.stop')} ${c.name}`}
              onClick={run('stop')}
            >
              {t('containers.actions.stop')}
            </button>
            <button
              type="button"
              disabled={!!busy}
              title={`$ ${containerCommands.restart(c.name)}`}
              aria-label={`${t('containers.actions.restart')} ${c.name}`}
              onClick={run('restart')}
            >
              {t('containers.actions.restart')}
            </button>
          </>
        ) : (
          <button
            type="button"
            disabled={!!busy}
            title={`$ ${containerCommands.start(c.name)}`}
            aria-label={`${t('containers.actions.start')} ${c.name}`}
            onClick={run('start')}
          >
            {t('containers.actions.start')}
          </button>
        )}
        <button
          type="button"
          className="danger-text"
          disabled={!!busy}
          title={`$ ${containerCommands.remove(c.name)}`}
          aria-label={`${t('containers.actions.remove')} ${c.name}`}
          onClick={onRemove}
        >
          {t('containers.actions.remove')}
        </button>
      </td>
    </tr>
  );
}

function RemoveDialog({ c, onClose }: { c: ContainerSummary; onClose(): void }) {
  const { t } = useTranslation();
  const act = useContainers((s) => s.act);
  const busy = useContainers((s) => s.busy[c.id]);
  const [force, setForce] = useState(false);
  const [removeVolumes, setRemoveVolumes] = useState(false);
  const [error, setError] = useState<BerthError | undefined>();
  const running = c.state === 'running' || c.state === 'restarting' || c.state === 'paused';
  const confirm = () => {
    setError(undefined);
    act(c.id, 'remove', { force, removeVolumes }).then(onClose, (e: unknown) => {
      setError(e as BerthError);
      useContainers.getState().dismissFailure();
    });
  };
  return (
    <ConfirmDialog
      title={t('containers.removeTitle', { name: c.name })}
      confirmLabel={t('containers.actions.remove')}
      danger
      busy={!!busy}
      onConfirm={confirm}
      onCancel={onClose}
    >
      <p>{t('containers.removeBody')}</p>
      {running && !force && <p className="warn-text">{t('containers.removeRunning')}</p>}
      <label className="check">
        <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
        {t('containers.removeForce')}
      </label>
      <label className="check">
        <input type="checkbox" checked={removeVolumes} onChange={(e) => setRemoveVolumes(e.target.checked)} />
        {t('containers.removeVolumes')}
      </label>
      <CommandHint command={containerCommands.remove(c.name, { force, removeVolumes })} />
      {error && (
        <p className="error-text" role="alert">
          <ErrorText error={error} />
        </p>
      )}
    </ConfirmDialog>
  );
}
