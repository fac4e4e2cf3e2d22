import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BerthError } from '../../../preload/contract/errors';
import type { NetworksPrunePreview, NetworksPruneResult } from '../../../preload/contract/networks.contract';
import { api } from '../api';
import { CommandHint } from '../components/CommandHint';
import { ErrorText } from '../components/ErrorText';
import { networkCommands } from '../lib/networks-commands';
import { useNetworks } from '../stores';
import { Modal } from '../components/Modal';

/** Prune with a preview: the unused user-defined networks, removed exactly as listed, one by one. */
export function PruneNetworksDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const [preview, setPreview] = useState<NetworksPrunePreview | undefined>();
  const [skip, setSkip] = useState<Set<string>>(new Set());
  const [error, setError] = useState<BerthError | undefined>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<NetworksPruneResult | undefined>();

  useEffect(() => {
    let live = true;
    api.call('networks.prunePreview', {}).then(
      (p) => {
        if (!live) return;
        setPreview(p);
        // Networks that stopped containers still name are kept unless ticked.
        setSkip(new Set(p.networks.filter((n) => n.stoppedContainers.length > 0).map((n) => n.id)));
      },
      (e: unknown) => live && setError(e as BerthError),
    );
    return () => {
      live = false;
    };
  }, []);

  const chosen = preview?.networks.filter((n) => !skip.has(n.id)) ?? [];
  const prune = () => {
    setBusy(true);
    setError(undefined);
    const ids = chosen.map((n) => n.id);
    api.call('networks.prune', { ids }).then(
      (r) => {
        setResult(r);
        setBusy(false);
        void useNetworks.getState().refresh(ids);
      },
      (e: unknown) => {
        setError(e as BerthError);
        setBusy(false);
      },
    );
  };
  const toggle = (id: string, on: boolean) =>
    setSkip((prev) => {
      const next = new Set(prev);
      if (on) next.delete(id);
      else next.add(id);
      return next;
    });

  const footer = result ? (
    <button type="button" className="primary" onClick={onClose}>
      {t('common.close')}
    </button>
  ) : (
    <>
      <button type="button" onClick={onClose}>
        {t('common.cancel')}
      </button>
      <button type="button" className="danger" disabled={busy || chosen.length === 0} onClick={prune}>
        {t('networks.prune.confirm', { count: chosen.length })}
      </button>
    </>
  );

  return (
    <Modal title={t('networks.prune.title')} onClose={onClose} wide footer={footer} testId="prune-networks">
      {result ? (
        <div data-testid="prune-result">
          <p>{t('networks.prune.done', { count: result.removed.length })}</p>
          {result.skipped.length > 0 && (
            <ul className="plain-list">
              {result.skipped.map((s) => (
                <li key={s.id}>
                  <strong>{s.name}</strong> — <span className="muted">{s.reason}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : (
        <>
          <p className="muted small">{t('networks.prune.explain')}</p>
          {!preview && !error && <p className="muted">{t('common.loading')}</p>}
          {preview && preview.networks.length === 0 && <p className="empty">{t('networks.prune.nothing')}</p>}
          {preview && preview.networks.length > 0 && (
            <div className="table-wrap scroll-box">
              <table className="grid compact" aria-label={t('networks.prune.listLabel')}>
                <thead>
                  <tr>
                    <th />
                    <th>{t('networks.columns.name')}</th>
                    <th>{t('networks.columns.driver')}</th>
                    <th>{t('networks.prune.stopped')}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.networks.map((n) => (
                    <tr key={n.id} data-name={n.name}>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`${t('networks.prune.include')} ${n.name}`}
                          checked={!skip.has(n.id)}
                          onChange={(e) => toggle(n.id, e.target.checked)}
                        />
                      </td>
                      <td>{n.name}</td>
                      <td className="small">{n.driver}</td>
                      <td className="small">
                        {n.stoppedContainers.length > 0 ? (
                          <span className="warn-text">
                            {t('networks.prune.stoppedWarn', { names: n.stoppedContainers.join(', ') })}
                          </span>
                        ) : (
                          '—'
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <CommandHint command={networkCommands.pruneExact(chosen.map((n) => n.name))} />
        </>
      )}
      {error && (
        <p className="error-text" role="alert">
          <ErrorText error={error} />
        </p>
      )}
    </Modal>
  );
}
