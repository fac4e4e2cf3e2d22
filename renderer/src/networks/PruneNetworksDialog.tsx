import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NetworksPruneResult } from '../../../preload/contract/networks.contract';
import { api } from '../api';
import { CommandHint } from '../components/CommandHint';
import { ErrorLine } from '../components/ErrorText';
import { useAction, useLoad } from '../components/use-load';
import { networkCommands } from '../lib/networks-commands';
import { useNetworks } from '../stores';
import { Modal, ModalButtons } from '../components/Modal';

/** Prune with a preview: the unused user-defined networks, removed exactly as listed, one by one. */
export function PruneNetworksDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const { value: preview, error: previewError } = useLoad(() => api.call('networks.prunePreview', {}), 'preview');
  const { busy, error: pruneError, run } = useAction();
  const error = pruneError ?? previewError;
  const [ticked, setTicked] = useState<Set<string>>();
  const [result, setResult] = useState<NetworksPruneResult | undefined>();

  // Networks that stopped containers still name are kept unless ticked.
  const skip =
    ticked ?? new Set(preview?.networks.filter((n) => n.stoppedContainers.length > 0).map((n) => n.id) ?? []);
  const chosen = preview?.networks.filter((n) => !skip.has(n.id)) ?? [];
  const prune = () => {
    const ids = chosen.map((n) => n.id);
    run(
      () => api.call('networks.prune', { ids }),
      (r) => {
        setResult(r);
        void useNetworks.getState().refresh(ids);
      },
    );
  };
  const toggle = (id: string, on: boolean) => {
    const next = new Set(skip);
    if (on) next.delete(id);
    else next.add(id);
    setTicked(next);
  };

  const footer = (
    <ModalButtons
      done={!!result}
      danger
      busy={busy}
      disabled={chosen.length === 0}
      label={t('networks.prune.confirm', { count: chosen.length })}
      onCancel={onClose}
      onSubmit={prune}
    />
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
      <ErrorLine error={error} />
    </Modal>
  );
}
