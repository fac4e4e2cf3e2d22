import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  COMMIT_REPO,
  IMAGE_TAG,
  type ContainerSummary,
  type FileChange,
  type ProcessList,
} from '../../../preload/contract/containers.contract';
import { type BerthError, asBerthError } from '../../../preload/contract/errors';
import { CommandHint } from '../components/CommandHint';
import { ErrorText } from '../components/ErrorText';
import { JsonTree } from '../components/JsonTree';
import { containerCommands } from '../lib/docker-command';
import { useContainers } from '../stores';
import { FilesTab } from './FilesTab';

const TABS = ['inspect', 'processes', 'changes', 'files', 'commit'] as const;
type Tab = (typeof TABS)[number];

/**
 * Load something about a container for the details view; `reload` fetches again. `fetch` must be
 * a stable function (module level); while a reload runs, the last value stays on screen.
 */
function useLoad<T>(fetch: (id: string) => Promise<T>, id: string) {
  const [nonce, setNonce] = useState(0);
  const [result, setResult] = useState<{ key: string; value?: T; error?: BerthError }>();
  const key = `${id}#${nonce}`;
  useEffect(() => {
    let live = true;
    fetch(id).then(
      (value) => live && setResult({ key, value }),
      (e: unknown) =>
        live &&
        setResult((r) => ({ key, ...(r?.value !== undefined ? { value: r.value } : {}), error: asBerthError(e) })),
    );
    return () => {
      live = false;
    };
  }, [fetch, id, key]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { value: result?.value, error: result?.error, loading: result?.key !== key, reload };
}

const fetchInspect = (id: string) => useContainers.getState().inspect(id);
const fetchTop = (id: string) => useContainers.getState().top(id);
const fetchChanges = (id: string) => useContainers.getState().changes(id);
const fetchNothing = () => Promise.resolve(undefined);

/** One container in depth: inspect, processes, changes, files, commit. */
export function ContainerDetails({
  id,
  row,
  onClose,
  onCopyRun,
  onEdit,
}: {
  id: string;
  row: ContainerSummary | undefined;
  onClose(): void;
  onCopyRun(): void;
  onEdit(): void;
}) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('inspect');
  const name = row?.name ?? id.slice(0, 12);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <div className="drawer-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <aside className="drawer" role="dialog" aria-modal="true" aria-label={t('containers.details.label', { name })}>
        <header className="drawer-head">
          <h2 className="name">{name}</h2>
          {row && <span className={`state-pill ${row.state}`}>{t(`containers.state.${row.state}`)}</span>}
          <span className="muted mono small">{id.slice(0, 12)}</span>
          <span className="spacer" />
          <button type="button" onClick={onCopyRun} disabled={!row}>
            {t('containers.actions.copyRun')}
          </button>
          <button type="button" onClick={onEdit} disabled={!row}>
            {t('containers.actions.edit')}
          </button>
          <button type="button" className="link" onClick={onClose}>
            {t('containers.details.close')}
          </button>
        </header>
        {!row && (
          <div className="banner warn" role="status">
            {t('errors.not_found')}
          </div>
        )}
        <div className="tabs" role="tablist" aria-label={t('containers.details.label', { name })}>
          {TABS.map((k) => (
            <button
              key={k}
              type="button"
              role="tab"
              id={`tab-${k}`}
              aria-selected={tab === k}
              aria-controls={`tabpanel-${k}`}
              className={tab === k ? 'active' : undefined}
              onClick={() => setTab(k)}
            >
              {t(`containers.details.tabs.${k}`)}
            </button>
          ))}
        </div>
        <div className="drawer-body" role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`}>
          {tab === 'inspect' && <InspectTab id={id} name={name} />}
          {tab === 'processes' && <ProcessesTab id={id} name={name} state={row?.state} />}
          {tab === 'changes' && <ChangesTab id={id} name={name} />}
          {tab === 'files' && <FilesTab id={id} name={name} />}
          {tab === 'commit' && <CommitTab id={id} name={name} />}
        </div>
      </aside>
    </div>
  );
}

function Toolbar({ command, onRefresh, children }: { command: string; onRefresh?(): void; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="tab-toolbar">
      <CommandHint command={command} />
      <span className="spacer" />
      {children}
      {onRefresh && (
        <button type="button" onClick={onRefresh}>
          {t('containers.details.refresh')}
        </button>
      )}
    </div>
  );
}

function Failure({ error }: { error: BerthError | undefined }) {
  if (!error) return null;
  return (
    <div className="banner error" role="alert">
      <ErrorText error={error} />
    </div>
  );
}

function InspectTab({ id, name }: { id: string; name: string }) {
  const { t } = useTranslation();
  const { value, error, loading, reload } = useLoad(fetchInspect, id);
  return (
    <>
      <Toolbar command={containerCommands.inspect(name)} onRefresh={reload} />
      <Failure error={error} />
      {loading && !value && <p className="muted">{t('common.loading')}</p>}
      {value && <JsonTree key={JSON.stringify(value).length} value={value} />}
    </>
  );
}

function ProcessesTab({ id, name, state }: { id: string; name: string; state: string | undefined }) {
  const { t } = useTranslation();
  const running = state === 'running' || state === 'paused' || state === 'restarting';
  const { value, error, loading, reload } = useLoad<ProcessList | undefined>(running ? fetchTop : fetchNothing, id);
  return (
    <>
      <Toolbar command={containerCommands.top(name)} onRefresh={reload} />
      {!running && <p className="muted">{t('containers.details.notRunning')}</p>}
      <Failure error={error} />
      {loading && !value && running && <p className="muted">{t('common.loading')}</p>}
      {value && (
        <div className="table-wrap">
          <table className="grid" aria-label={t('containers.details.tabs.processes')}>
            <thead>
              <tr>
                {value.titles.map((h) => (
                  <th key={h}>{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {value.processes.map((p, k) => (
                <tr key={k}>
                  {p.map((cell, j) => (
                    <td key={j} className="mono small">
                      {cell}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function ChangesTab({ id, name }: { id: string; name: string }) {
  const { t } = useTranslation();
  const { value, error, loading, reload } = useLoad<FileChange[]>(fetchChanges, id);
  const [kind, setKind] = useState<FileChange['kind'] | ''>('');
  const count = (k: FileChange['kind']) => value?.filter((c) => c.kind === k).length ?? 0;
  const shown = (value ?? []).filter((c) => !kind || c.kind === kind);
  return (
    <>
      <Toolbar command={containerCommands.diff(name)} onRefresh={reload}>
        <select
          aria-label={t('containers.details.tabs.changes')}
          value={kind}
          onChange={(e) => setKind(e.target.value as FileChange['kind'] | '')}
        >
          <option value="">
            {t('containers.details.changesCount', {
              added: count('added'),
              changed: count('changed'),
              deleted: count('deleted'),
            })}
          </option>
          {(['added', 'changed', 'deleted'] as const).map((k) => (
            <option key={k} value={k}>
              {t(`containers.details.kinds.${k}`)} ({count(k)})
            </option>
          ))}
        </select>
      </Toolbar>
      <Failure error={error} />
      {loading && !value && <p className="muted">{t('common.loading')}</p>}
      {value && value.length === 0 && <p className="muted">{t('containers.details.noChanges')}</p>}
      {shown.length > 0 && (
        <ul className="changes-list mono small" aria-label={t('containers.details.tabs.changes')}>
          {shown.map((c) => (
            <li key={`${c.kind}:${c.path}`} data-kind={c.kind}>
              <span className={`change-kind ${c.kind}`} title={t(`containers.details.kinds.${c.kind}`)}>
                {c.kind === 'added' ? 'A' : c.kind === 'changed' ? 'C' : 'D'}
              </span>{' '}
              <span className="change-path">{c.path}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function CommitTab({ id, name }: { id: string; name: string }) {
  const { t } = useTranslation();
  const [repo, setRepo] = useState('');
  const [tag, setTag] = useState('latest');
  const [message, setMessage] = useState('');
  const [author, setAuthor] = useState('');
  const [pause, setPause] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<BerthError | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const repoOk = COMMIT_REPO.test(repo) && repo.length <= 255;
  const tagOk = tag === '' || IMAGE_TAG.test(tag);
  const commit = () => {
    if (!repoOk || !tagOk) return;
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    useContainers
      .getState()
      .commit(id, { repo, tag: tag || 'latest', message, author, pause })
      .then(
        (r) => {
          setBusy(false);
          setDone(r.imageId);
        },
        (e: unknown) => {
          setBusy(false);
          setError(asBerthError(e));
        },
      );
  };
  return (
    <form
      className="commit-form"
      onSubmit={(e) => {
        e.preventDefault();
        commit();
      }}
    >
      <div className="form-grid">
        <label className="field">
          <span>{t('containers.commit.repo')}</span>
          <input
            type="text"
            className="mono"
            value={repo}
            placeholder="myteam/app"
            aria-invalid={!!repo && !repoOk}
            onChange={(e) => setRepo(e.target.value.trim())}
          />
          {repo && !repoOk && <span className="error-text small">{t('containers.commit.badRepo')}</span>}
        </label>
        <label className="field">
          <span>{t('containers.commit.tag')}</span>
          <input
            type="text"
            className="mono"
            value={tag}
            aria-invalid={!tagOk}
            onChange={(e) => setTag(e.target.value.trim())}
          />
          {!tagOk && <span className="error-text small">{t('containers.commit.badTag')}</span>}
        </label>
        <label className="field wide">
          <span>{t('containers.commit.message')}</span>
          <input type="text" value={message} onChange={(e) => setMessage(e.target.value)} />
        </label>
        <label className="field wide">
          <span>{t('containers.commit.author')}</span>
          <input
            type="text"
            value={author}
            placeholder="Name <mail@example.com>"
            onChange={(e) => setAuthor(e.target.value)}
          />
        </label>
      </div>
      <label className="check">
        <input type="checkbox" checked={pause} onChange={(e) => setPause(e.target.checked)} />
        {t('containers.commit.pause')}
      </label>
      <CommandHint
        command={containerCommands.commit(name, { repo: repo || '…', tag: tag || 'latest', message, author, pause })}
      />
      <div className="modal-actions">
        <button type="submit" className="primary" disabled={busy || !repoOk || !tagOk}>
          {t('containers.commit.button')}
        </button>
      </div>
      {done && (
        <p className="ok-text" role="status">
          {t('containers.commit.done', { id: done.replace(/^sha256:/, '').slice(0, 12) })}
        </p>
      )}
      <Failure error={error} />
    </form>
  );
}
