import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FILES_TRANSFER_LIMIT, type DirListing, type FileEntry } from '../../../preload/contract/containers.contract';
import { BerthError, asBerthError } from '../../../preload/contract/errors';
import { CommandHint } from '../components/CommandHint';
import { ErrorText } from '../components/ErrorText';
import { containerCommands } from '../lib/docker-command';
import { formatBytes } from '../lib/format';
import { useContainers } from '../stores';

export const joinPath = (dir: string, name: string) =>
  dir === '/' ? `/${name}` : `${dir.replace(/\/+$/, '')}/${name}`;
export const parentPath = (p: string) => {
  const up = p.replace(/\/+$/, '').split('/').slice(0, -1).join('/');
  return up || '/';
};

/** `rwxr-xr-x` from permission bits. */
export function modeText(mode: number, type: FileEntry['type']): string {
  const lead = type === 'dir' ? 'd' : type === 'symlink' ? 'l' : '-';
  let s = '';
  for (let shift = 6; shift >= 0; shift -= 3) {
    const b = (mode >> shift) & 7;
    s += (b & 4 ? 'r' : '-') + (b & 2 ? 'w' : '-') + (b & 1 ? 'x' : '-');
  }
  return lead + s;
}

/** Save bytes as a file through the browser (works in the desktop shell too). */
function saveBytes(name: string, bytes: Uint8Array, type: string) {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Browse the container's filesystem (stopped ones too), download out of it, upload into it. */
export function FilesTab({ id, name }: { id: string; name: string }) {
  const { t, i18n } = useTranslation();
  /** The folder asked for; `nonce` makes the same folder load again. */
  const [want, setWant] = useState({ path: '/', nonce: 0 });
  const [typed, setTyped] = useState('/');
  const [result, setResult] = useState<{ key: string; listing?: DirListing; error?: BerthError }>();
  const [note, setNote] = useState<string | undefined>();
  const [actionError, setActionError] = useState<BerthError | undefined>();
  const [progress, setProgress] = useState<{ done: number; total: number } | undefined>();
  const key = `${id}:${want.path}#${want.nonce}`;
  const load = useCallback((p: string) => {
    setActionError(undefined);
    setWant((w) => ({ path: p, nonce: w.nonce + 1 }));
  }, []);

  useEffect(() => {
    let live = true;
    useContainers
      .getState()
      .listFiles(id, want.path)
      .then(
        (listing) => {
          if (!live) return;
          setResult({ key, listing });
          setTyped(listing.path);
        },
        (e: unknown) =>
          live && setResult((r) => ({ key, ...(r?.listing ? { listing: r.listing } : {}), error: asBerthError(e) })),
      );
    return () => {
      live = false;
    };
  }, [id, want.path, key]);

  const listing = result?.listing;
  const path = listing?.path ?? '/';
  const loading = result?.key !== key;
  const error = actionError ?? (result?.key === key ? result.error : undefined);
  const setError = setActionError;

  const download = (p: string) => {
    setError(undefined);
    setNote(undefined);
    useContainers
      .getState()
      .download(id, p)
      .then(
        (d) => {
          saveBytes(d.name, d.bytes, d.kind === 'tar' ? 'application/x-tar' : 'application/octet-stream');
          setNote(t('containers.files.downloaded', { name: d.name }));
        },
        (e: unknown) => setError(asBerthError(e)),
      );
  };

  const upload = async (files: FileList) => {
    const list = [...files];
    const total = list.reduce((n, f) => n + f.size, 0);
    if (total > FILES_TRANSFER_LIMIT) {
      setError(new BerthError('invalid_input', t('containers.files.tooLarge')));
      return;
    }
    setError(undefined);
    setNote(undefined);
    setProgress({ done: 0, total });
    try {
      const payload = await Promise.all(
        list.map(async (f) => ({ path: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
      );
      const r = await useContainers.getState().upload(id, path, payload, (done) => setProgress({ done, total }));
      setNote(t('containers.files.uploaded', { count: r.files, dir: path }));
      load(path);
    } catch (e) {
      setError(asBerthError(e));
    } finally {
      setProgress(undefined);
    }
  };

  return (
    <div className="files-tab">
      <div className="tab-toolbar">
        <button type="button" onClick={() => load(parentPath(path))} disabled={path === '/' || loading}>
          {t('containers.files.up')}
        </button>
        <form
          className="path-form"
          onSubmit={(e) => {
            e.preventDefault();
            load(typed.startsWith('/') ? typed : `/${typed}`);
          }}
        >
          <input
            type="text"
            className="mono"
            aria-label={t('containers.files.folder')}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
          <button type="submit">{t('containers.files.go')}</button>
        </form>
        <span className="spacer" />
        <button type="button" onClick={() => download(path)}>
          {t('containers.files.downloadFolder')}
        </button>
        <label className="file-button">
          {t('containers.files.upload')}
          <input
            type="file"
            multiple
            onChange={(e) => {
              if (e.target.files?.length) void upload(e.target.files);
              e.target.value = '';
            }}
          />
        </label>
      </div>
      <CommandHint command={containerCommands.copyOut(name, path, true)} />
      <p className="muted small">{t('containers.files.note')}</p>
      {progress && (
        <p className="muted" role="status">
          {t('containers.files.uploading', {
            done: formatBytes(progress.done, i18n.language),
            total: formatBytes(progress.total, i18n.language),
          })}
        </p>
      )}
      {note && (
        <p className="ok-text small" role="status">
          {note}
        </p>
      )}
      {error && (
        <div className="banner error" role="alert">
          <ErrorText error={error} />
        </div>
      )}
      {listing?.truncated && (
        <div className="banner warn" role="status">
          {t('containers.files.truncated')}
        </div>
      )}
      {loading && !listing && <p className="muted">{t('common.loading')}</p>}
      {listing && (
        <div className="table-wrap">
          <table
            className="grid files-grid"
            aria-label={t('containers.files.listing')}
            aria-busy={loading || undefined}
          >
            <thead>
              <tr>
                <th>{t('containers.files.columns.name')}</th>
                <th>{t('containers.files.columns.size')}</th>
                <th>{t('containers.files.columns.mode')}</th>
                <th>{t('containers.files.columns.modified')}</th>
                <th className="actions-col" />
              </tr>
            </thead>
            <tbody>
              {listing.entries.map((e) => {
                const full = joinPath(path, e.name);
                const openable = e.type === 'dir' || e.type === 'symlink';
                return (
                  <tr key={e.name} data-name={e.name} data-type={e.type}>
                    <td className="mono small">
                      {openable ? (
                        <button type="button" className="link name-link" onClick={() => load(full)}>
                          {e.name}
                          {e.type === 'dir' ? '/' : ''}
                        </button>
                      ) : (
                        e.name
                      )}
                      {e.linkTarget && <span className="muted"> → {e.linkTarget}</span>}
                    </td>
                    <td className="small">{e.type === 'file' ? formatBytes(e.size, i18n.language) : ''}</td>
                    <td className="mono small">{modeText(e.mode, e.type)}</td>
                    <td className="small">{new Date(e.mtime).toLocaleString(i18n.language)}</td>
                    <td className="actions">
                      <button
                        type="button"
                        title={`$ ${containerCommands.copyOut(name, full, e.type === 'dir')}`}
                        aria-label={`${t('containers.files.download')} ${e.name}`}
                        onClick={() => download(full)}
                      >
                        {t('containers.files.download')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {listing.entries.length === 0 && <p className="empty">{t('containers.files.empty')}</p>}
        </div>
      )}
    </div>
  );
}
