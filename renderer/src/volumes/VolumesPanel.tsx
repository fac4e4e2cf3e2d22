import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContainerUse, VolumeSummary } from '../../../preload/contract/volumes.contract';
import { CommandHint } from '../components/CommandHint';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorLine, ErrorText } from '../components/ErrorText';
import { useAction } from '../components/use-load';
import { GapRow, useVirtualRows, type VirtualRowProps } from '../components/VirtualRows';
import { api } from '../api';
import { formatAgo, formatBytes, formatDateTime } from '../lib/format';
import { volumeCommands } from '../lib/volumes-commands';
import { ContainerCard } from '../networks/ContainerCard';
import { useVolumes } from '../stores';
import { useFocusRequest } from '../stores/navigation.store';
import { CreateVolumeDialog } from './CreateVolumeDialog';
import { PruneVolumesDialog } from './PruneVolumesDialog';
import { UsedByChips } from './UsedByChips';
import { VolumeDetails, type VolumeTab } from './VolumeDetails';
import { shortVolumeName, visibleVolumes, type VolumeKind } from './volume-helpers';

export function VolumesPanel() {
  const { t } = useTranslation();
  const byName = useVolumes((s) => s.byName);
  const status = useVolumes((s) => s.status);
  const loadError = useVolumes((s) => s.error);
  const [filter, setFilter] = useState('');
  const [kind, setKind] = useState<VolumeKind>('all');
  const [creating, setCreating] = useState(false);
  const [pruning, setPruning] = useState(false);
  const [open, setOpen] = useState<{ name: string; tab: VolumeTab } | undefined>();
  const [removing, setRemoving] = useState<VolumeSummary | undefined>();
  const [container, setContainer] = useState<ContainerUse | undefined>();
  // Another panel asked to show a volume.
  useFocusRequest('volume', (name) => setOpen({ name, tab: 'files' }));
  useFocusRequest('action', () => setCreating(true), ['createVolume']);

  const rows = useMemo(() => visibleVolumes(byName, filter, kind), [byName, filter, kind]);
  const body = useVirtualRows(rows, { getKey: (v) => v.name });
  const lostAnonymous = useMemo(
    () => [...byName.values()].filter((v) => v.anonymous && v.usedBy.length === 0).length,
    [byName],
  );
  const openVolume = open ? byName.get(open.name) : undefined;

  return (
    <section className="panel" aria-labelledby="volumes-title">
      <header className="panel-header">
        <h1 id="volumes-title">{t('volumes.title')}</h1>
        <span className="count" data-testid="volumes-count">
          {t('volumes.count', { shown: rows.length, total: byName.size })}
        </span>
        <span className="spacer" />
        <input
          type="search"
          className="filter"
          placeholder={t('volumes.filter')}
          aria-label={t('volumes.filter')}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <select
          aria-label={t('volumes.kind.label')}
          value={kind}
          onChange={(e) => setKind(e.target.value as VolumeKind)}
        >
          <option value="all">{t('volumes.kind.all')}</option>
          <option value="named">{t('volumes.kind.named')}</option>
          <option value="anonymous">{t('volumes.kind.anonymous')}</option>
          <option value="unused">{t('volumes.kind.unused')}</option>
        </select>
        <button type="button" onClick={() => setPruning(true)}>
          {t('volumes.prune.open')}
        </button>
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          {t('volumes.create.open')}
        </button>
      </header>
      <CommandHint command={volumeCommands.list()} />

      {lostAnonymous > 0 && (
        <div className="banner warn" data-testid="volumes-anonymous-banner">
          <span>{t('volumes.anonymousBanner', { count: lostAnonymous })}</span>
          <span>
            <button type="button" className="link" onClick={() => setKind('anonymous')}>
              {t('volumes.anonymousShow')}
            </button>
            <button type="button" className="link" onClick={() => setPruning(true)}>
              {t('volumes.prune.open')}
            </button>
          </span>
        </div>
      )}
      {status === 'error' && loadError && (
        <div className="banner error" role="alert">
          <ErrorText error={loadError} />
        </div>
      )}

      <div className="table-wrap">
        <table className="grid" aria-label={t('volumes.title')} aria-rowcount={body.ariaRowCount}>
          <thead>
            <tr>
              <th>{t('volumes.columns.name')}</th>
              <th>{t('volumes.columns.driver')}</th>
              <th>{t('volumes.columns.mountpoint')}</th>
              <th>{t('volumes.columns.created')}</th>
              <th className="num">
                {t('volumes.columns.size')}
                <button
                  type="button"
                  className="link"
                  title={t('volumes.refreshSizes')}
                  aria-label={t('volumes.refreshSizes')}
                  onClick={() => void useVolumes.getState().loadUsage()}
                >
                  ↻
                </button>
              </th>
              <th>{t('volumes.columns.usedBy')}</th>
              <th className="actions-col">{t('volumes.columns.actions')}</th>
            </tr>
          </thead>
          <tbody {...body.bodyProps}>
            {body.slots.map((slot) => {
              if (slot.kind === 'gap') return <GapRow key={slot.key} height={slot.height} colSpan={7} />;
              const v = slot.item;
              return (
                <VolumeRow
                  key={v.name}
                  {...body.rowProps(slot.index)}
                  v={v}
                  onOpen={(tab) => setOpen({ name: v.name, tab })}
                  onRemove={() => setRemoving(v)}
                  onContainer={setContainer}
                />
              );
            })}
          </tbody>
        </table>
        {status === 'loading' && <p className="empty">{t('common.loading')}</p>}
        {status === 'ready' && rows.length === 0 && (
          <p className="empty">{byName.size === 0 ? t('volumes.empty') : t('volumes.emptyFiltered')}</p>
        )}
      </div>

      {creating && (
        <CreateVolumeDialog
          onClose={() => setCreating(false)}
          onCreated={(name) => {
            setCreating(false);
            setFilter('');
            void useVolumes.getState().refresh([name]);
          }}
        />
      )}
      {pruning && <PruneVolumesDialog onClose={() => setPruning(false)} />}
      {open && (
        <VolumeDetails
          name={open.name}
          volume={openVolume}
          initialTab={open.tab}
          onClose={() => setOpen(undefined)}
          onRemove={() => openVolume && setRemoving(openVolume)}
          onContainer={setContainer}
        />
      )}
      {removing && (
        <RemoveVolumeDialog
          v={removing}
          onClose={() => setRemoving(undefined)}
          onRemoved={() => {
            if (open?.name === removing.name) setOpen(undefined);
            setRemoving(undefined);
          }}
        />
      )}
      {container && (
        <ContainerCard id={container.id} fallbackName={container.name} onClose={() => setContainer(undefined)} />
      )}
    </section>
  );
}

function VolumeRow({
  v,
  onOpen,
  onRemove,
  onContainer,
  ...row
}: VirtualRowProps & {
  v: VolumeSummary;
  onOpen(tab: VolumeTab): void;
  onRemove(): void;
  onContainer(u: ContainerUse): void;
}) {
  const { t, i18n } = useTranslation();
  const usage = useVolumes((s) => s.usage.get(v.name));
  const usageStatus = useVolumes((s) => s.usageStatus);
  const inUse = v.usedBy.length > 0;
  return (
    <tr {...row} data-name={v.name} data-anonymous={v.anonymous} data-used={inUse}>
      <td>
        <div className="name-line">
          <button type="button" className="link name" title={v.name} onClick={() => onOpen('files')}>
            {shortVolumeName(v)}
          </button>
          {v.anonymous ? (
            <span className="pill warn" title={t('volumes.anonymousHelp')}>
              {t('volumes.anonymous')}
            </span>
          ) : (
            <span className="pill">{t('volumes.named')}</span>
          )}
        </div>
      </td>
      <td className="small">{v.driver}</td>
      <td className="mono small truncate" title={v.mountpoint}>
        {v.mountpoint}
      </td>
      <td className="small" title={v.created ? formatDateTime(v.created, i18n.language) : undefined}>
        {v.created ? formatAgo(v.created, i18n.language) : '—'}
      </td>
      <td className="num small" data-testid="volume-size">
        {usage?.size !== undefined
          ? formatBytes(usage.size, i18n.language)
          : usageStatus === 'loading' || usageStatus === 'idle'
            ? '…'
            : '—'}
      </td>
      <td>
        <UsedByChips uses={v.usedBy} onContainer={onContainer} />
      </td>
      <td className="actions">
        <button type="button" aria-label={`${t('volumes.actions.browse')} ${v.name}`} onClick={() => onOpen('files')}>
          {t('volumes.actions.browse')}
        </button>
        <button
          type="button"
          aria-label={`${t('volumes.actions.inspect')} ${v.name}`}
          onClick={() => onOpen('inspect')}
        >
          {t('volumes.actions.inspect')}
        </button>
        <button
          type="button"
          className="danger-text"
          aria-label={`${t('volumes.actions.remove')} ${v.name}`}
          title={inUse ? t('volumes.remove.inUse', { names: v.usedBy.map((u) => u.name).join(', ') }) : undefined}
          onClick={onRemove}
        >
          {t('volumes.actions.remove')}
        </button>
      </td>
    </tr>
  );
}

function RemoveVolumeDialog({ v, onClose, onRemoved }: { v: VolumeSummary; onClose(): void; onRemoved(): void }) {
  const { t } = useTranslation();
  const { busy, error, run } = useAction();
  const inUse = v.usedBy.length > 0;
  const confirm = () =>
    run(
      () => api.call('volumes.remove', { name: v.name }),
      () => {
        void useVolumes.getState().refresh([v.name]);
        onRemoved();
      },
    );
  return (
    <ConfirmDialog
      title={t('volumes.remove.title', { name: shortVolumeName(v) })}
      confirmLabel={t('volumes.actions.remove')}
      danger
      busy={busy || inUse}
      onConfirm={confirm}
      onCancel={onClose}
    >
      <p>{t('volumes.remove.body')}</p>
      {inUse && (
        <p className="warn-text" data-testid="volume-in-use">
          {t('volumes.remove.inUse', { names: v.usedBy.map((u) => u.name).join(', ') })}
        </p>
      )}
      <CommandHint command={volumeCommands.remove(v.name)} />
      <ErrorLine error={error} />
    </ConfirmDialog>
  );
}
