import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Modal } from '../components/Modal';
import { useContainers, useNetworks, useVolumes } from '../stores';
import { useNavigation } from '../stores/navigation.store';

/**
 * A container as the volumes and networks panels see it: its networks (IPs,
 * aliases) and volumes; "Show in Containers" goes to its row.
 */
export function ContainerCard({ id, fallbackName, onClose }: { id: string; fallbackName: string; onClose(): void }) {
  const { t } = useTranslation();
  const summary = useContainers((s) => s.byId.get(id));
  const networksById = useNetworks((s) => s.byId);
  const volumesByName = useVolumes((s) => s.byName);
  const open = useNavigation((s) => s.open);

  const nets = useMemo(
    () =>
      [...networksById.values()]
        .flatMap((n) => n.containers.filter((m) => m.id === id).map((m) => ({ n, m })))
        .sort((a, b) => a.n.name.localeCompare(b.n.name)),
    [networksById, id],
  );
  const vols = useMemo(
    () => [...volumesByName.values()].flatMap((v) => v.usedBy.filter((u) => u.id === id).map((u) => ({ v, u }))),
    [volumesByName, id],
  );
  const name = summary?.name ?? nets[0]?.m.name ?? vols[0]?.u.name ?? fallbackName;
  const state = summary?.state ?? nets[0]?.m.state ?? vols[0]?.u.state;
  const image = summary?.image ?? nets[0]?.m.image ?? vols[0]?.u.image;

  return (
    <Modal
      title={
        <>
          {t('networks.card.title')} <span className="mono">{name}</span>
        </>
      }
      onClose={onClose}
      testId="container-card"
      footer={
        <>
          <button type="button" onClick={onClose}>
            {t('common.close')}
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => {
              onClose();
              open('containers', { kind: 'container', id });
            }}
          >
            {t('networks.card.showInContainers')}
          </button>
        </>
      }
    >
      <dl className="facts">
        <dt>{t('networks.card.id')}</dt>
        <dd className="mono small">{id.slice(0, 12)}</dd>
        {state && (
          <>
            <dt>{t('networks.card.state')}</dt>
            <dd>
              <span className={`state-pill ${state}`}>{state}</span>
            </dd>
          </>
        )}
        {image && (
          <>
            <dt>{t('networks.card.image')}</dt>
            <dd className="mono small">{image}</dd>
          </>
        )}
      </dl>
      <h3 className="subhead">{t('networks.card.networks')}</h3>
      {nets.length === 0 ? (
        <p className="muted small">{t('networks.card.noNetworks')}</p>
      ) : (
        <ul className="plain-list" data-testid="card-networks">
          {nets.map(({ n, m }) => (
            <li key={n.id} data-network={n.name}>
              <strong>{n.name}</strong>{' '}
              <span className="mono small">{m.ipv4 ?? (m.active ? '' : t('networks.notConnected'))}</span>
              {m.aliases.length > 0 && (
                <span className="muted small">
                  {' '}
                  · {t('networks.aliases')}: {m.aliases.join(', ')}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <h3 className="subhead">{t('networks.card.volumes')}</h3>
      {vols.length === 0 ? (
        <p className="muted small">{t('networks.card.noVolumes')}</p>
      ) : (
        <ul className="plain-list" data-testid="card-volumes">
          {vols.map(({ v, u }) => (
            <li key={`${v.name}:${u.destination}`}>
              <button
                type="button"
                className="link mono"
                onClick={() => {
                  onClose();
                  open('volumes', { kind: 'volume', id: v.name });
                }}
              >
                {v.anonymous ? `${v.name.slice(0, 12)}…` : v.name}
              </button>{' '}
              → <span className="mono small">{u.destination}</span>
              {u.readOnly && <span className="muted small"> (ro)</span>}
            </li>
          ))}
        </ul>
      )}
    </Modal>
  );
}
