import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BerthError, asBerthError } from '../../../preload/contract/errors';
import { VOLUME_TRANSFER_LIMIT, type VolumeListing } from '../../../preload/contract/volumes.contract';
import { api } from '../api';
import { CommandHint } from '../components/CommandHint';
import { ErrorText } from '../components/ErrorText';
import { formatAgo, formatBytes, formatDateTime } from '../lib/format';
import { volumeCommands } from '../lib/volumes-commands';
import { useVolumes } from '../stores';
import { childPath, crumbs, parentPath, uploadChunks, uploadTooBig } from './volume-helpers';

/** A small file / folder / link glyph (drawn: no emoji font is needed). */
function EntryIcon({ type }: { type: 'file' | 'dir' | 'symlink' | 'other' }) {
  return (
    <svg className={`entry-icon ${type}`} width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">
      {type === 'dir' ? <path d="M1.5 3.5h5l1.5 1.5h6.5v8h-13z" /> : <path d="M3.5 1.5h6l3 3v10h-9z M9.5 1.5v3h3" />}
      {type === 'symlink' && <path d="M5 11.5l4-4 M6.5 7.5h2.5v2.5" />}
    </svg>
  );
}

/** Hand bytes to the browser as a download. */
function saveBytes(bytes: Uint8Array, fileName: string, type: string) {
  const url = URL.createObjectURL(new Blob([new Uint8Array(bytes)], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const newUploadId = () =>
  typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * A volume's files, read through a helper container that is created, never
 * started and removed at once: browse, download (files as-is, folders as tar), upload.
 */
export function VolumeFiles({ name }: { name: string }) {
  const { t, i18n } = useTranslation();
  const [path, setPath] = useState('/');
  /** Bumped to read the folder again (reload button, after an upload). */
  const [nonce, setNonce] = useState(0);
  const [result, setResult] = useState<
    { path: string; nonce: number; listing?: VolumeListing; error?: BerthError } | undefined
  >();
  const [error, setError] = useState<BerthError | undefined>();
  const [progress, setProgress] = useState<{ done: number; total: number } | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    api.call('volumes.browse', { name, path }).then(
      (listing) => live && setResult({ path, nonce, listing }),
      (e: unknown) => live && setResult({ path, nonce, error: e as BerthError }),
    );
    return () => {
      live = false;
    };
  }, [name, path, nonce]);

  const loading = result?.path !== path || result.nonce !== nonce;
  // While a folder loads, keep showing the previous one (same path) rather than flashing empty.
  const listing = result?.path === path ? result.listing : undefined;
  const reload = () => setNonce((n) => n + 1);
  const shownError = error ?? (!loading ? result?.error : undefined);

  const download = (p: string) => {
    setError(undefined);
    setNotice(undefined);
    api.call('volumes.download', { name, path: p }).then(
      (d) => saveBytes(d.bytes, d.fileName, d.kind === 'tar' ? 'application/x-tar' : 'application/octet-stream'),
      (e: unknown) => setError(e as BerthError),
    );
  };

  const upload = async (files: File[]) => {
    setError(undefined);
    setNotice(undefined);
    if (files.length === 0) return;
    if (uploadTooBig(files.map((f) => f.size))) {
      setError(
        new BerthError(
          'invalid_input',
          t('volumes.files.tooBig', { size: formatBytes(VOLUME_TRANSFER_LIMIT, i18n.language) }),
        ),
      );
      return;
    }
    const total = files.reduce((s, f) => s + f.size, 0);
    setProgress({ done: 0, total });
    try {
      const bytes = await Promise.all(files.map(async (f) => new Uint8Array(await f.arrayBuffer())));
      const uploadId = newUploadId();
      let index = 0;
      let done = 0;
      for (const chunk of uploadChunks(bytes)) {
        await api.call('volumes.uploadChunk', { uploadId, index: index++, bytes: chunk });
        done += chunk.byteLength;
        setProgress({ done, total });
      }
      await api.call('volumes.uploadCommit', {
        uploadId,
        name,
        dir: path,
        files: files.map((f) => ({ path: f.name, size: f.size })),
      });
      setNotice(t('volumes.files.uploaded', { count: files.length, size: formatBytes(total, i18n.language) }));
      reload();
      void useVolumes.getState().loadUsage();
    } catch (e) {
      setError(asBerthError(e));
    } finally {
      setProgress(undefined);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  return (
    <div className="volume-files" data-testid="volume-files">
      <div className="files-toolbar">
        <nav className="breadcrumbs" aria-label={t('volumes.files.path')}>
          {crumbs(path, name.length > 20 ? `${name.slice(0, 12)}…` : name).map(([label, p], i, all) => (
            <span key={p}>
              {i > 0 && <span className="muted"> / </span>}
              {i === all.length - 1 ? (
                <strong className="mono">{label}</strong>
              ) : (
                <button type="button" className="link mono" onClick={() => setPath(p)}>
                  {label}
                </button>
              )}
            </span>
          ))}
        </nav>
        <span className="spacer" />
        <button type="button" onClick={reload} disabled={loading}>
          {t('volumes.files.reload')}
        </button>
        <button type="button" onClick={() => download(path)}>
          {t('volumes.files.downloadFolder')}
        </button>
        <label className={`button-like primary ${progress ? 'disabled' : ''}`}>
          {t('volumes.files.upload')}
          <input
            ref={fileInput}
            type="file"
            multiple
            hidden
            disabled={!!progress}
            aria-label={t('volumes.files.upload')}
            onChange={(e) => void upload([...(e.target.files ?? [])])}
          />
        </label>
      </div>
      <CommandHint command={volumeCommands.copyOut(name, path)} />
      {progress && (
        <div className="progress-line" role="status">
          {t('volumes.files.uploading', {
            done: formatBytes(progress.done, i18n.language),
            total: formatBytes(progress.total, i18n.language),
          })}
          <progress max={progress.total || 1} value={progress.done} />
        </div>
      )}
      {notice && (
        <p className="ok-text" role="status">
          {notice}
        </p>
      )}
      {shownError && (
        <p className="error-text" role="alert">
          <ErrorText error={shownError} />
        </p>
      )}
      {listing?.truncated && <p className="warn-text small">{t('volumes.files.truncated')}</p>}
      <div className="table-wrap scroll-box">
        <table className="grid compact" aria-label={t('volumes.files.label')}>
          <thead>
            <tr>
              <th>{t('volumes.files.name')}</th>
              <th className="num">{t('volumes.files.size')}</th>
              <th>{t('volumes.files.modified')}</th>
              <th className="actions-col">{t('volumes.columns.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {path !== '/' && (
              <tr>
                <td colSpan={4}>
                  <button type="button" className="link" onClick={() => setPath(parentPath(path))}>
                    ↑ {t('volumes.files.up')}
                  </button>
                </td>
              </tr>
            )}
            {listing?.entries.map((e) => (
              <tr key={e.name} data-entry={e.name} data-type={e.type}>
                <td>
                  {e.type === 'dir' ? (
                    <button type="button" className="link" onClick={() => setPath(childPath(path, e.name))}>
                      <EntryIcon type="dir" /> {e.name}
                    </button>
                  ) : (
                    <span>
                      <EntryIcon type={e.type} /> {e.name}
                      {e.linkTarget && <span className="muted small"> → {e.linkTarget}</span>}
                    </span>
                  )}
                </td>
                <td className="num small">{e.type === 'symlink' ? '—' : formatBytes(e.size, i18n.language)}</td>
                <td className="small" title={formatDateTime(e.mtime, i18n.language)}>
                  {formatAgo(e.mtime, i18n.language)}
                </td>
                <td className="actions">
                  {e.type !== 'symlink' && e.type !== 'other' && (
                    <button
                      type="button"
                      aria-label={`${t('volumes.files.download')} ${e.name}`}
                      onClick={() => download(childPath(path, e.name))}
                    >
                      {t('volumes.files.download')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {loading && <p className="empty">{t('common.loading')}</p>}
        {!loading && listing?.entries.length === 0 && <p className="empty">{t('volumes.files.empty')}</p>}
      </div>
      <p className="muted small">{t('volumes.files.helperNote')}</p>
    </div>
  );
}
