import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImageSummary } from '../../../preload/contract/images.contract';
import { CommandHint } from '../components/CommandHint';
import { ErrorText } from '../components/ErrorText';
import { GapRow, useVirtualRows, type VirtualRowProps } from '../components/VirtualRows';
import { formatAgo, formatBytes, formatDateTime } from '../lib/format';
import { imageCommands } from '../lib/images-commands';
import { useContainers, useImages } from '../stores';
import {
  imageRowCount,
  imageRows,
  shortImageId,
  type ImageRow,
  type ImagesShow,
  type ImagesSort,
} from '../stores/images.store';
import { BuildDialog } from './BuildDialog';
import {
  ImportDialog,
  LoadDialog,
  PruneDialog,
  PullDialog,
  PushDialog,
  RemoveDialog,
  SaveDialog,
  TagDialog,
  type ContainerUse,
} from './ImageDialogs';
import { ImageDetails } from './ImageDetails';
import { RegistriesDialog, SearchDialog } from './RegistriesDialog';
import { TaskList } from './TaskList';
import { useImageFocus } from './use-image-focus';
import { useFocusRequest } from '../stores/navigation.store';

type Dialog =
  | { kind: 'pull'; initial?: string }
  | { kind: 'build' | 'load' | 'import' | 'prune' | 'registries' | 'search' }
  | { kind: 'tag' | 'push' | 'save'; image: ImageSummary; ref?: string }
  | { kind: 'remove'; image: ImageSummary; ref?: string };

/** Containers (any state) by image id, from the containers store (kept live by its own notices). */
function useUsers(): Map<string, ContainerUse[]> {
  const containers = useContainers((s) => s.byId);
  return useMemo(() => {
    const m = new Map<string, ContainerUse[]>();
    for (const c of containers.values()) {
      const list = m.get(c.imageId) ?? [];
      list.push({ id: c.id, name: c.name, state: c.state });
      m.set(c.imageId, list);
    }
    return m;
  }, [containers]);
}

export function ImagesPanel() {
  const { t } = useTranslation();
  const byId = useImages((s) => s.byId);
  const status = useImages((s) => s.status);
  const loadError = useImages((s) => s.error);
  const selectedId = useImages((s) => s.selectedId);
  const select = useImages((s) => s.select);
  const containersReady = useContainers((s) => s.status === 'ready');
  const users = useUsers();
  const [filter, setFilter] = useState('');
  const [show, setShow] = useState<ImagesShow>('all');
  const [sort, setSort] = useState<ImagesSort>('created');
  const [dialog, setDialog] = useState<Dialog>();
  useImageFocus();
  useFocusRequest('action', (a) => setDialog({ kind: a as 'pull' | 'build' }), ['pull', 'build']);

  const usedBy = useMemo(
    () => (id: string) => (containersReady ? (users.get(id)?.length ?? 0) : (byId.get(id)?.containers ?? 0)),
    [containersReady, users, byId],
  );
  const rows = useMemo(() => imageRows(byId, { filter, show, sort, usedBy }), [byId, filter, show, sort, usedBy]);
  const body = useVirtualRows(rows, { getKey: (r) => r.key });
  const count = useMemo(() => ({ shown: rows.length, total: imageRowCount(byId) }), [rows, byId]);
  const selected = selectedId ? byId.get(selectedId) : undefined;
  const close = () => setDialog(undefined);
  const pull = (ref: string) => setDialog({ kind: 'pull', initial: ref });

  return (
    <section className="panel images-panel" aria-labelledby="images-title">
      <header className="panel-header">
        <h1 id="images-title">{t('images.title')}</h1>
        <span
          className="count"
          data-testid="images-count"
          title={t('images.countTitle', { ...count, images: byId.size })}
        >
          {t('images.count', count)}
        </span>
        <span className="spacer" />
        <input
          type="search"
          className="filter"
          placeholder={t('images.filter')}
          aria-label={t('images.filter')}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <label className="inline-field">
          <span className="muted small">{t('images.show.label')}</span>
          <select
            value={show}
            onChange={(e) => setShow(e.target.value as ImagesShow)}
            aria-label={t('images.show.label')}
          >
            <option value="all">{t('images.show.all')}</option>
            <option value="dangling">{t('images.show.dangling')}</option>
            <option value="unused">{t('images.show.unused')}</option>
          </select>
        </label>
        <label className="inline-field">
          <span className="muted small">{t('images.sort.label')}</span>
          <select
            value={sort}
            onChange={(e) => setSort(e.target.value as ImagesSort)}
            aria-label={t('images.sort.label')}
          >
            <option value="created">{t('images.sort.created')}</option>
            <option value="size">{t('images.sort.size')}</option>
            <option value="name">{t('images.sort.name')}</option>
          </select>
        </label>
      </header>
      <div className="img-toolbar" role="toolbar" aria-label={t('images.title')}>
        <button type="button" className="primary" onClick={() => setDialog({ kind: 'pull' })}>
          {t('images.toolbar.pull')}
        </button>
        <button type="button" onClick={() => setDialog({ kind: 'build' })}>
          {t('images.toolbar.build')}
        </button>
        <button type="button" onClick={() => setDialog({ kind: 'load' })}>
          {t('images.toolbar.load')}
        </button>
        <button type="button" onClick={() => setDialog({ kind: 'import' })}>
          {t('images.toolbar.import')}
        </button>
        <button type="button" onClick={() => setDialog({ kind: 'search' })}>
          {t('images.toolbar.search')}
        </button>
        <button type="button" onClick={() => setDialog({ kind: 'registries' })}>
          {t('images.toolbar.registries')}
        </button>
        <span className="spacer" />
        <button type="button" className="danger-text" onClick={() => setDialog({ kind: 'prune' })}>
          {t('images.toolbar.prune')}
        </button>
      </div>
      <CommandHint command={imageCommands.list(show)} />
      <TaskList />
      {status === 'error' && loadError && (
        <div className="banner error" role="alert">
          <ErrorText error={loadError} />
        </div>
      )}

      <div className="table-wrap">
        <table className="grid img-table" aria-label={t('images.title')} aria-rowcount={body.ariaRowCount}>
          <thead>
            <tr>
              <th>{t('images.columns.repository')}</th>
              <th>{t('images.columns.tag')}</th>
              <th>{t('images.columns.id')}</th>
              <th>{t('images.columns.created')}</th>
              <th className="num">{t('images.columns.size')}</th>
              <th className="num">{t('images.columns.shared')}</th>
              <th className="num">{t('images.columns.containers')}</th>
              <th className="actions-col">{t('images.columns.actions')}</th>
            </tr>
          </thead>
          <tbody {...body.bodyProps}>
            {body.slots.map((slot) => {
              if (slot.kind === 'gap') return <GapRow key={slot.key} height={slot.height} colSpan={8} />;
              const r = slot.item;
              return (
                <Row
                  key={r.key}
                  {...body.rowProps(slot.index)}
                  row={r}
                  used={usedBy(r.image.id)}
                  selected={r.image.id === selectedId}
                  onSelect={() => select(r.image.id === selectedId ? undefined : r.image.id)}
                  onDialog={setDialog}
                />
              );
            })}
          </tbody>
        </table>
        {status === 'loading' && <p className="empty">{t('common.loading')}</p>}
        {status === 'ready' && rows.length === 0 && (
          <p className="empty">{byId.size === 0 ? t('images.empty') : t('images.emptyFiltered')}</p>
        )}
      </div>
      {selected && <ImageDetails key={selected.id} image={selected} onClose={() => select(undefined)} />}

      {dialog?.kind === 'pull' && <PullDialog onClose={close} initial={dialog.initial} />}
      {dialog?.kind === 'build' && <BuildDialog onClose={close} />}
      {dialog?.kind === 'load' && <LoadDialog onClose={close} />}
      {dialog?.kind === 'import' && <ImportDialog onClose={close} />}
      {dialog?.kind === 'prune' && <PruneDialog onClose={close} />}
      {dialog?.kind === 'registries' && <RegistriesDialog onClose={close} onPull={pull} />}
      {dialog?.kind === 'search' && <SearchDialog onClose={close} onPull={pull} />}
      {dialog?.kind === 'tag' && <TagDialog image={dialog.image} onClose={close} />}
      {dialog?.kind === 'push' && <PushDialog image={dialog.image} initialRef={dialog.ref} onClose={close} />}
      {dialog?.kind === 'save' && <SaveDialog image={dialog.image} onClose={close} />}
      {dialog?.kind === 'remove' && (
        <RemoveDialog
          image={dialog.image}
          rowRef={dialog.ref}
          users={users.get(dialog.image.id) ?? []}
          onClose={close}
        />
      )}
    </section>
  );
}

function Row({
  row,
  used,
  selected,
  onSelect,
  onDialog,
  ...virtualRow
}: VirtualRowProps & {
  row: ImageRow;
  used: number;
  selected: boolean;
  onSelect(): void;
  onDialog(d: Dialog): void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const img = row.image;
  const label = row.ref ?? shortImageId(img.id);
  const ref = row.ref;
  return (
    <tr
      {...virtualRow}
      data-id={img.id}
      data-ref={ref ?? ''}
      aria-selected={selected}
      className={selected ? 'selected' : ''}
      onClick={(e) => {
        if ((e.target as HTMLElement).closest('button')) return;
        onSelect();
      }}
    >
      <td className={`mono small ${row.repository === '<none>' ? 'muted' : ''}`}>{row.repository}</td>
      <td className={`mono small ${row.tag === '<none>' ? 'muted' : ''}`}>{row.tag}</td>
      <td className="mono small">{shortImageId(img.id)}</td>
      <td title={formatDateTime(img.created, lang)}>{formatAgo(img.created, lang)}</td>
      <td className="num">{formatBytes(img.size, lang)}</td>
      <td
        className="num muted"
        title={t('images.sharedTitle', {
          shared: formatBytes(img.sharedSize, lang),
          unique: formatBytes(img.uniqueSize, lang),
        })}
      >
        {img.sharedSize ? formatBytes(img.sharedSize, lang) : '—'}
      </td>
      <td className="num" title={t('images.usedBy', { count: used })}>
        {used || ''}
      </td>
      <td className="actions">
        <button
          type="button"
          aria-pressed={selected}
          aria-label={`${t('images.actions.details')} ${label}`}
          title={`$ ${imageCommands.history(label)}`}
          onClick={onSelect}
        >
          {t('images.actions.details')}
        </button>
        <button
          type="button"
          aria-label={`${t('images.actions.tag')} ${label}`}
          title={`$ ${imageCommands.tag(label, 'TARGET')}`}
          onClick={() => onDialog({ kind: 'tag', image: img, ...(ref ? { ref } : {}) })}
        >
          {t('images.actions.tag')}
        </button>
        <button
          type="button"
          disabled={!ref}
          aria-label={`${t('images.actions.push')} ${label}`}
          title={ref ? `$ ${imageCommands.push(ref)}` : undefined}
          onClick={() => onDialog({ kind: 'push', image: img, ...(ref ? { ref } : {}) })}
        >
          {t('images.actions.push')}
        </button>
        <button
          type="button"
          aria-label={`${t('images.actions.save')} ${label}`}
          title={`$ ${imageCommands.save([label], 'FILE.tar')}`}
          onClick={() => onDialog({ kind: 'save', image: img })}
        >
          {t('images.actions.save')}
        </button>
        <button
          type="button"
          className="danger-text"
          aria-label={`${t('images.actions.remove')} ${label}`}
          title={`$ ${imageCommands.remove([label])}`}
          onClick={() => onDialog({ kind: 'remove', image: img, ...(ref ? { ref } : {}) })}
        >
          {t('images.actions.remove')}
        </button>
      </td>
    </tr>
  );
}
