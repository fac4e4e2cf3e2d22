import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ContainerState,
  emptyRunSpec,
  type ContainerSummary,
  type PortBinding,
  type RunSpec,
} from '../../../preload/contract/containers.contract';
import { type BerthError, asBerthError } from '../../../preload/contract/errors';
import { parseVolumeText } from '../../../preload/contract/run-line';
import { CommandHint } from '../components/CommandHint';
import { ErrorText } from '../components/ErrorText';
import { GapRow, useVirtualRows, type VirtualRowProps } from '../components/VirtualRows';
import { containerCommands } from '../lib/docker-command';
import { formatAgo, formatDateTime } from '../lib/format';
import { useRunPrefill } from '../lib/run-prefill';
import { formatRunCommand } from '../lib/run-command';
import { useContainers } from '../stores';
import { useNavigation } from '../stores/navigation.store';
import { useSettings } from '../stores/settings.store';
import { useTerminalRequests } from '../stores/terminal-requests.store';
import { BulkRemoveDialog, KillDialog, PruneDialog, RemoveDialog, RenameDialog, StopDialog } from './ContainerDialogs';
import { ContainerDetails } from './ContainerDetails';
import {
  COMPOSE_PROJECT,
  DEFAULT_SORT,
  filterState,
  isRunning,
  sectionContainers,
  shortImage,
  sortContainers,
  statusLine,
  visibleContainers,
  type RowSection,
  type Sort,
  type SortKey,
} from './container-rows';
import { RowMenu } from './RowMenu';
import { RunForm, type RunFormOpen } from './RunForm';

export { visibleContainers } from './container-rows';

export function formatPort(p: PortBinding): string {
  const container = `${p.privatePort}/${p.type}`;
  if (!p.publicPort) return container;
  const ip = !p.ip || p.ip === '0.0.0.0' ? '0.0.0.0' : p.ip.includes(':') ? `[${p.ip}]` : p.ip;
  return `${ip}:${p.publicPort}→${container}`;
}

type Dialog =
  | { kind: 'remove'; c: ContainerSummary }
  | { kind: 'kill'; c: ContainerSummary }
  | { kind: 'rename'; c: ContainerSummary }
  | { kind: 'stop'; c: ContainerSummary }
  | { kind: 'bulkRemove'; ids: string[] }
  | { kind: 'prune' };

/** A message shown above the table after something finished (run, copy, …). */
export interface Notice {
  tone: 'ok' | 'warn' | 'error';
  text: string;
  detail?: string;
  error?: BerthError;
}

/** The table's rows in order: a heading per section (unless it is the only, plain one), then its containers. */
type TableLine = { kind: 'section'; section: RowSection } | { kind: 'container'; c: ContainerSummary };
function tableLines(sections: RowSection[], collapsed: ReadonlySet<string>): TableLine[] {
  const out: TableLine[] = [];
  for (const sec of sections) {
    if (sec.kind !== 'rest' || sections.length > 1) out.push({ kind: 'section', section: sec });
    if (!collapsed.has(sec.key)) for (const c of sec.rows) out.push({ kind: 'container', c });
  }
  return out;
}

export function ContainersPanel() {
  const { t } = useTranslation();
  const byId = useContainers((s) => s.byId);
  const status = useContainers((s) => s.status);
  const loadError = useContainers((s) => s.error);
  const failure = useContainers((s) => s.lastFailure);
  const dismissFailure = useContainers((s) => s.dismissFailure);
  const lastBulk = useContainers((s) => s.lastBulk);
  const dismissBulk = useContainers((s) => s.dismissBulk);
  const selected = useContainers((s) => s.selected);
  const showAll = useSettings((s) => s.showAllContainers);
  const setShowAll = useSettings((s) => s.setShowAllContainers);
  const pinnedNames = useSettings((s) => s.pinnedContainers);
  const [filter, setFilter] = useState('');
  const [stateFilter, setStateFilter] = useState<ContainerState | ''>('');
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT);
  const [byProject, setByProject] = useState(true);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [dialog, setDialog] = useState<Dialog | undefined>();
  const [form, setForm] = useState<RunFormOpen | undefined>();
  const [detailsId, setDetailsId] = useState<string | undefined>();
  const [notice, setNotice] = useState<Notice | undefined>();

  const rows = useMemo(
    () => sortContainers(filterState(visibleContainers(byId, showAll, filter), stateFilter), sort),
    [byId, showAll, filter, stateFilter, sort],
  );
  const pinned = useMemo(() => new Set(pinnedNames), [pinnedNames]);
  const sections = useMemo(() => sectionContainers(rows, { pinned, byProject }), [rows, pinned, byProject]);
  const selectedShown = rows.filter((r) => selected.has(r.id));
  const lines = useMemo(() => tableLines(sections, collapsed), [sections, collapsed]);
  const body = useVirtualRows(lines, { getKey: (l) => (l.kind === 'section' ? `section:${l.section.key}` : l.c.id) });

  // Another panel asked for the run form (volumes: "run with this volume"; networks: "run on this network"),
  // or to show one container.
  useEffect(() => {
    const takePrefill = () => {
      const p = useRunPrefill.getState().take();
      if (!p) return;
      const spec: RunSpec = emptyRunSpec();
      for (const v of p.volumes ?? []) {
        const m = parseVolumeText(v);
        if (typeof m !== 'string') spec.mounts.push(m);
      }
      spec.volumesFrom = [...(p.volumesFrom ?? [])];
      spec.network = p.network ?? '';
      setForm({ mode: 'run', spec });
    };
    const takeFocus = () => {
      const focus = useNavigation.getState().focus;
      if (focus?.kind !== 'container') return;
      useNavigation.getState().clearFocus();
      const all = useContainers.getState().byId;
      const c = all.get(focus.id) ?? [...all.values()].find((x) => x.name === focus.id || x.id.startsWith(focus.id));
      if (c) setDetailsId(c.id);
    };
    void Promise.resolve().then(() => {
      takePrefill();
      takeFocus();
    });
    const offPrefill = useRunPrefill.subscribe((s) => s.request && takePrefill());
    const offFocus = useNavigation.subscribe((s) => s.focus && takeFocus());
    return () => {
      offPrefill();
      offFocus();
    };
  }, []);

  const toggleSort = (key: SortKey) =>
    setSort((s) =>
      s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: key === 'created' ? 'desc' : 'asc' },
    );

  const copyRun = async (c: ContainerSummary) => {
    try {
      const { spec, unsupported } = await useContainers.getState().runSpec(c.id);
      await navigator.clipboard?.writeText(formatRunCommand(spec));
      setNotice({
        tone: unsupported.length ? 'warn' : 'ok',
        text: t('containers.outcome.copied', { name: c.name }),
        ...(unsupported.length
          ? { detail: t('containers.outcome.unsupported', { list: unsupported.join(', ') }) }
          : {}),
      });
    } catch (e) {
      setNotice({
        tone: 'error',
        text: t('containers.outcome.copyFailed', { name: c.name }),
        error: asBerthError(e),
      });
    }
  };

  const editRecreate = async (c: ContainerSummary) => {
    try {
      const { spec, unsupported } = await useContainers.getState().runSpec(c.id);
      setForm({ mode: 'edit', id: c.id, name: c.name, running: isRunning(c), spec, unsupported });
    } catch (e) {
      setNotice({
        tone: 'error',
        text: t('containers.outcome.copyFailed', { name: c.name }),
        error: asBerthError(e),
      });
    }
  };

  const onMenu = (c: ContainerSummary, item: string) => {
    const act = useContainers.getState().act;
    switch (item) {
      case 'pause':
      case 'unpause':
        void act(c.id, item).catch(() => {});
        break;
      case 'kill':
        setDialog({ kind: 'kill', c });
        break;
      case 'stopTimeout':
        setDialog({ kind: 'stop', c });
        break;
      case 'rename':
        setDialog({ kind: 'rename', c });
        break;
      case 'terminal':
        useTerminalRequests.getState().request({ containerId: c.id, mode: 'exec' });
        break;
      case 'details':
        setDetailsId(c.id);
        break;
      case 'copyRun':
        void copyRun(c);
        break;
      case 'edit':
        void editRecreate(c);
        break;
      case 'pin':
        useSettings.getState().togglePinnedContainer(c.name);
        break;
    }
  };

  const allShownSelected = rows.length > 0 && selectedShown.length === rows.length;
  const detailsRow = detailsId ? byId.get(detailsId) : undefined;

  return (
    <section className="panel" aria-labelledby="containers-title">
      <header className="panel-header">
        <h1 id="containers-title">{t('containers.title')}</h1>
        <span className="count" data-testid="containers-count">
          {t('containers.count', { shown: rows.length, total: byId.size })}
        </span>
        <button type="button" className="primary" onClick={() => setForm({ mode: 'run' })}>
          {t('containers.run.button')}
        </button>
        <button type="button" onClick={() => setDialog({ kind: 'prune' })} title={`$ ${containerCommands.prune()}`}>
          {t('containers.prune.button')}
        </button>
        <span className="spacer" />
        <input
          type="search"
          className="filter"
          placeholder={t('containers.filter')}
          aria-label={t('containers.filter')}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <select
          aria-label={t('containers.stateFilter')}
          value={stateFilter}
          onChange={(e) => setStateFilter(e.target.value as ContainerState | '')}
        >
          <option value="">{t('containers.anyState')}</option>
          {ContainerState.options.map((s) => (
            <option key={s} value={s}>
              {t(`containers.state.${s}`)}
            </option>
          ))}
        </select>
        <label className="toggle">
          <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} />
          {t('containers.showAll')}
        </label>
        <label className="toggle">
          <input type="checkbox" checked={byProject} onChange={(e) => setByProject(e.target.checked)} />
          {t('containers.groupCompose')}
        </label>
      </header>
      <CommandHint command={containerCommands.list(showAll)} />

      {notice && (
        <div
          className={`banner ${notice.tone === 'ok' ? 'ok' : notice.tone}`}
          role="status"
          data-testid="containers-notice"
        >
          <span>
            {notice.text} {notice.error && <ErrorText error={notice.error} />}
            {notice.detail && <span className="detail">{notice.detail}</span>}
          </span>
          <button type="button" className="link" onClick={() => setNotice(undefined)}>
            {t('common.dismiss')}
          </button>
        </div>
      )}
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
      {lastBulk && (
        <div className={`banner ${lastBulk.failed.length ? 'error' : 'ok'}`} role="status" data-testid="bulk-result">
          <span>
            {t('containers.bulk.result', {
              action: t(`containers.actions.${lastBulk.action}`),
              done: lastBulk.done.length,
              failed: lastBulk.failed.length,
            })}
            {lastBulk.failed.map((f) => (
              <span key={f.id} className="detail">
                {f.name}: <ErrorText error={f.error} />
              </span>
            ))}
          </span>
          <button type="button" className="link" onClick={dismissBulk}>
            {t('common.dismiss')}
          </button>
        </div>
      )}
      {status === 'error' && loadError && (
        <div className="banner error" role="alert">
          <ErrorText error={loadError} />
        </div>
      )}

      {selectedShown.length > 0 && (
        <BulkBar ids={selectedShown.map((c) => c.id)} onRemove={(ids) => setDialog({ kind: 'bulkRemove', ids })} />
      )}

      <div className="table-wrap">
        <table className="grid containers-grid" aria-label={t('containers.title')} aria-rowcount={body.ariaRowCount}>
          <thead>
            <tr>
              <th className="check-col">
                <input
                  type="checkbox"
                  aria-label={t('containers.selectAll')}
                  checked={allShownSelected}
                  onChange={(e) => useContainers.getState().setSelected(e.target.checked ? rows.map((r) => r.id) : [])}
                />
              </th>
              <SortHeader label={t('containers.columns.name')} k="name" sort={sort} onSort={toggleSort} />
              <SortHeader label={t('containers.columns.image')} k="image" sort={sort} onSort={toggleSort} />
              <th className="col-command">{t('containers.columns.command')}</th>
              <SortHeader label={t('containers.columns.created')} k="created" sort={sort} onSort={toggleSort} />
              <SortHeader label={t('containers.columns.status')} k="status" sort={sort} onSort={toggleSort} />
              <th>{t('containers.columns.ports')}</th>
              <th className="actions-col">{t('containers.columns.actions')}</th>
            </tr>
          </thead>
          <tbody {...body.bodyProps}>
            {body.slots.map((slot) => {
              if (slot.kind === 'gap') return <GapRow key={slot.key} height={slot.height} colSpan={8} />;
              const line = slot.item;
              if (line.kind === 'section') {
                const sec = line.section;
                return (
                  <SectionRow
                    key={`section:${sec.key}`}
                    {...body.rowProps(slot.index)}
                    sectionKey={sec.key}
                    kind={sec.kind}
                    project={sec.project}
                    rows={sec.rows}
                    collapsed={collapsed.has(sec.key)}
                    onToggle={() =>
                      setCollapsed((prev) => {
                        const next = new Set(prev);
                        if (next.has(sec.key)) next.delete(sec.key);
                        else next.add(sec.key);
                        return next;
                      })
                    }
                  />
                );
              }
              const c = line.c;
              return (
                <ContainerRow
                  key={c.id}
                  {...body.rowProps(slot.index)}
                  c={c}
                  pinned={pinned.has(c.name)}
                  selected={selected.has(c.id)}
                  onRemove={() => setDialog({ kind: 'remove', c })}
                  onOpen={() => setDetailsId(c.id)}
                  onMenu={(item) => onMenu(c, item)}
                />
              );
            })}
          </tbody>
        </table>
        {status === 'loading' && <p className="empty">{t('common.loading')}</p>}
        {status === 'ready' && rows.length === 0 && (
          <p className="empty">
            {byId.size === 0
              ? t('containers.empty')
              : filter || stateFilter
                ? t('containers.emptyFiltered')
                : t('containers.emptyRunning')}
          </p>
        )}
      </div>

      {dialog?.kind === 'remove' && <RemoveDialog c={dialog.c} onClose={() => setDialog(undefined)} />}
      {dialog?.kind === 'kill' && <KillDialog c={dialog.c} onClose={() => setDialog(undefined)} />}
      {dialog?.kind === 'rename' && <RenameDialog c={dialog.c} onClose={() => setDialog(undefined)} />}
      {dialog?.kind === 'stop' && <StopDialog c={dialog.c} onClose={() => setDialog(undefined)} />}
      {dialog?.kind === 'bulkRemove' && <BulkRemoveDialog ids={dialog.ids} onClose={() => setDialog(undefined)} />}
      {dialog?.kind === 'prune' && <PruneDialog onClose={() => setDialog(undefined)} />}
      {form && (
        <RunForm
          open={form}
          onClose={() => setForm(undefined)}
          onDone={(n) => {
            setForm(undefined);
            setNotice(n);
          }}
        />
      )}
      {detailsId && (
        <ContainerDetails
          id={detailsId}
          row={detailsRow}
          onClose={() => setDetailsId(undefined)}
          onCopyRun={() => detailsRow && void copyRun(detailsRow)}
          onEdit={() => detailsRow && void editRecreate(detailsRow)}
        />
      )}
    </section>
  );
}

function SortHeader({ label, k, sort, onSort }: { label: string; k: SortKey; sort: Sort; onSort(k: SortKey): void }) {
  const { t } = useTranslation();
  const active = sort.key === k;
  return (
    <th aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button
        type="button"
        className="sort-button"
        onClick={() => onSort(k)}
        title={t('containers.sortBy', { column: label })}
      >
        {label}
        <span className="sort-mark" aria-hidden="true">
          {active ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
        </span>
      </button>
    </th>
  );
}

function SectionRow({
  sectionKey,
  kind,
  project,
  rows,
  collapsed,
  onToggle,
  ...row
}: VirtualRowProps & {
  sectionKey: string;
  kind: 'pinned' | 'project' | 'rest';
  project: string | undefined;
  rows: ContainerSummary[];
  collapsed: boolean;
  onToggle(): void;
}) {
  const { t } = useTranslation();
  const bulk = useContainers((s) => s.bulk);
  const title = kind === 'pinned' ? t('containers.pinned') : kind === 'project' ? project : t('containers.ungrouped');
  const running = rows.filter(isRunning);
  const stopped = rows.filter((r) => !isRunning(r));
  return (
    <tr {...row} className="section-row" data-section={sectionKey}>
      <td colSpan={8}>
        <button
          type="button"
          className="link section-toggle"
          aria-expanded={!collapsed}
          aria-label={t('containers.group.toggle', { name: title })}
          onClick={onToggle}
        >
          {collapsed ? '▸' : '▾'}
        </button>
        <strong className="section-title">{title}</strong>
        <span className="muted small">
          {' '}
          {t('containers.group.count', { count: rows.length })} ·{' '}
          {t('containers.group.running', { count: running.length })}
        </span>
        {kind === 'project' && (
          <span className="section-actions">
            <button
              type="button"
              disabled={stopped.length === 0}
              title={`$ ${containerCommands.bulk(
                'start',
                stopped.map((r) => r.name),
              )}`}
              aria-label={`${t('containers.group.startAll')} ${project}`}
              onClick={() =>
                void bulk(
                  stopped.map((r) => r.id),
                  'start',
                )
              }
            >
              {t('containers.group.startAll')}
            </button>
            <button
              type="button"
              disabled={running.length === 0}
              title={`$ ${containerCommands.bulk(
                'stop',
                running.map((r) => r.name),
              )}`}
              aria-label={`${t('containers.group.stopAll')} ${project}`}
              onClick={() =>
                void bulk(
                  running.map((r) => r.id),
                  'stop',
                )
              }
            >
              {t('containers.group.stopAll')}
            </button>
          </span>
        )}
      </td>
    </tr>
  );
}

function BulkBar({ ids, onRemove }: { ids: string[]; onRemove(ids: string[]): void }) {
  const { t } = useTranslation();
  const byId = useContainers((s) => s.byId);
  const bulk = useContainers((s) => s.bulk);
  const clear = useContainers((s) => s.clearSelection);
  const names = ids.map((id) => byId.get(id)?.name ?? id.slice(0, 12));
  const actions = ['start', 'stop', 'restart', 'pause', 'unpause', 'kill'] as const;
  return (
    <div className="bulk-bar" role="toolbar" aria-label={t('containers.bulk.label')}>
      <strong>{t('containers.bulk.selected', { count: ids.length })}</strong>
      {actions.map((a) => (
        <button key={a} type="button" title={`$ ${containerCommands.bulk(a, names)}`} onClick={() => void bulk(ids, a)}>
          {t(`containers.actions.${a}`)}
        </button>
      ))}
      <button type="button" className="danger-text" onClick={() => onRemove(ids)}>
        {t('containers.actions.remove')}
      </button>
      <span className="spacer" />
      <button type="button" className="link" onClick={clear}>
        {t('containers.bulk.clear')}
      </button>
    </div>
  );
}

function ContainerRow({
  c,
  pinned,
  selected,
  onRemove,
  onOpen,
  onMenu,
  ...row
}: VirtualRowProps & {
  c: ContainerSummary;
  pinned: boolean;
  selected: boolean;
  onRemove(): void;
  onOpen(): void;
  onMenu(item: string): void;
}) {
  const { t, i18n } = useTranslation();
  const busy = useContainers((s) => s.busy[c.id]);
  const act = useContainers((s) => s.act);
  const toggleSelected = useContainers((s) => s.toggleSelected);
  const running = isRunning(c);
  const project = c.labels[COMPOSE_PROJECT];
  const run = (action: 'start' | 'stop' | 'restart') => () => void act(c.id, action).catch(() => {});
  return (
    <tr
      {...row}
      data-id={c.id}
      data-name={c.name}
      data-state={c.state}
      aria-busy={busy ? true : undefined}
      aria-selected={selected}
      className={selected ? 'selected' : undefined}
    >
      <td className="check-col">
        <input
          type="checkbox"
          aria-label={t('containers.selectRow', { name: c.name })}
          checked={selected}
          onChange={() => toggleSelected(c.id)}
        />
      </td>
      <td>
        <div className="name">
          {pinned && (
            <span className="pin-mark" title={t('containers.pinnedMark')} aria-label={t('containers.pinnedMark')}>
              ★{' '}
            </span>
          )}
          <button type="button" className="link name-link" onClick={onOpen} title={t('containers.actions.details')}>
            {c.name}
          </button>
        </div>
        <div className="muted mono small">
          {c.id.slice(0, 12)}
          {project && <span className="project-tag"> · {project}</span>}
        </div>
      </td>
      <td className="mono small image-cell" title={c.image}>
        {shortImage(c.image)}
      </td>
      <td className="mono small truncate col-command" title={c.command}>
        {c.command}
      </td>
      <td title={formatDateTime(c.created, i18n.language)}>{formatAgo(c.created, i18n.language)}</td>
      <td>
        <span className={`state-pill ${c.state}`}>{t(`containers.state.${c.state}`)}</span>
        <div className="muted small">{statusLine(c.status, t, i18n.language)}</div>
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
        <RowMenu c={c} pinned={pinned} disabled={!!busy} onPick={onMenu} />
      </td>
    </tr>
  );
}
