import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VolumesPruneResult } from '../../../preload/contract/volumes.contract';
import { api } from '../api';
import { CommandHint } from '../components/CommandHint';
import { ErrorLine } from '../components/ErrorText';
import { useAction, useLoad } from '../components/use-load';
import { formatAgo, formatBytes } from '../lib/format';
import { volumeCommands } from '../lib/volumes-commands';
import { useVolumes } from '../stores';
import { Modal, ModalButtons } from '../components/Modal';
import { shortVolumeName } from './volume-helpers';

/**
 * Prune with a preview: Berth lists the unused volumes itself (anonymous only
 * unless named ones are ticked), then removes exactly that list, one by one.
 */
export function PruneVolumesDialog({ onClose }: { onClose(): void }) {
  const { t, i18n } = useTranslation();
  const [includeNamed, setIncludeNamed] = useState(false);
  const { value: preview, error: previewError } = useLoad(
    () => api.call('volumes.prunePreview', { includeNamed }),
    String(includeNamed),
  );
  const { busy, error: pruneError, setError, run } = useAction();
  const error = pruneError ?? previewError;
  const [result, setResult] = useState<VolumesPruneResult | undefined>();

  const names = preview?.volumes.map((v) => v.name) ?? [];
  const prune = () => {
    if (!preview) return;
    run(
      () => api.call('volumes.prune', { names, includeNamed }),
      (r) => {
        setResult(r);
        void useVolumes.getState().refresh([...names]);
      },
    );
  };

  const footer = (
    <ModalButtons
      done={!!result}
      danger
      busy={busy}
      disabled={!preview || names.length === 0}
      label={t('volumes.prune.confirm', {
        count: names.length,
        size: formatBytes(preview?.totalBytes ?? 0, i18n.language),
      })}
      onCancel={onClose}
      onSubmit={prune}
    />
  );

  return (
    <Modal title={t('volumes.prune.title')} onClose={onClose} wide footer={footer} testId="prune-volumes">
      {result ? (
        <div data-testid="prune-result">
          <p>
            {t('volumes.prune.done', {
              count: result.removed.length,
              size: formatBytes(result.spaceReclaimed, i18n.language),
            })}
          </p>
          {result.skipped.length > 0 && (
            <>
              <p className="warn-text">{t('volumes.prune.skipped', { count: result.skipped.length })}</p>
              <ul className="plain-list">
                {result.skipped.map((s) => (
                  <li key={s.name}>
                    <span className="mono">{s.name}</span> — <span className="muted">{s.reason}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      ) : (
        <>
          <label className="check">
            <input
              type="checkbox"
              checked={includeNamed}
              onChange={(e) => {
                setError(undefined);
                setIncludeNamed(e.target.checked);
              }}
            />
            {t('volumes.prune.includeNamed')}
          </label>
          <p className="muted small">
            {preview &&
              (preview.engineDefaultIncludesNamed
                ? t('volumes.prune.engineOld', { api: preview.apiVersion })
                : t('volumes.prune.engineNew', { api: preview.apiVersion }))}{' '}
            {t('volumes.prune.exact')}
          </p>
          {!includeNamed && preview && preview.namedKept > 0 && (
            <p className="small">{t('volumes.prune.namedKept', { count: preview.namedKept })}</p>
          )}
          {!preview && !error && <p className="muted">{t('common.loading')}</p>}
          {preview && preview.volumes.length === 0 && <p className="empty">{t('volumes.prune.nothing')}</p>}
          {preview && preview.volumes.length > 0 && (
            <div className="table-wrap scroll-box">
              <table className="grid" aria-label={t('volumes.prune.listLabel')}>
                <thead>
                  <tr>
                    <th>{t('volumes.columns.name')}</th>
                    <th>{t('volumes.columns.kind')}</th>
                    <th>{t('volumes.columns.created')}</th>
                    <th className="num">{t('volumes.columns.size')}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.volumes.map((v) => (
                    <tr key={v.name} data-name={v.name}>
                      <td className="mono small" title={v.name}>
                        {shortVolumeName(v)}
                      </td>
                      <td>
                        <span className={`pill ${v.anonymous ? 'warn' : ''}`}>
                          {v.anonymous ? t('volumes.anonymous') : t('volumes.named')}
                        </span>
                      </td>
                      <td className="small">{v.created ? formatAgo(v.created, i18n.language) : '—'}</td>
                      <td className="num small">{v.size !== undefined ? formatBytes(v.size, i18n.language) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <CommandHint command={volumeCommands.pruneExact(names)} />
        </>
      )}
      <ErrorLine error={error} />
    </Modal>
  );
}
