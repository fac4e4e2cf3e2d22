import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContainerUse, VolumeSummary } from '../../../preload/contract/volumes.contract';
import { api } from '../api';
import { formatBytes, formatDateTime } from '../lib/format';
import { requestRunForm } from '../lib/run-prefill';
import { volumeCommands } from '../lib/volumes-commands';
import { useVolumes } from '../stores';
import { InspectView } from '../components/InspectView';
import { Modal } from '../components/Modal';
import { Tabs } from '../components/Tabs';
import { VolumeFiles } from './VolumeFiles';
import { UsedByChips } from './UsedByChips';
import { shortVolumeName } from './volume-helpers';

export type VolumeTab = 'files' | 'usedBy' | 'inspect';

/** One volume: its files, the containers using it, the engine's JSON; run/share/remove. */
export function VolumeDetails({
  name,
  volume,
  initialTab,
  onClose,
  onRemove,
  onContainer,
}: {
  name: string;
  volume: VolumeSummary | undefined;
  initialTab: VolumeTab;
  onClose(): void;
  onRemove(): void;
  onContainer(u: ContainerUse): void;
}) {
  const { t, i18n } = useTranslation();
  const [tab, setTab] = useState<VolumeTab>(initialTab);
  const [shareFrom, setShareFrom] = useState('');
  const usage = useVolumes((s) => s.usage.get(name));
  const users = volume?.usedBy ?? [];
  const shareWith = shareFrom || users[0]?.name || '';

  const footer = (
    <>
      <button
        type="button"
        onClick={() => requestRunForm({ volumes: [`${name}:/data`] })}
        title={`$ ${volumeCommands.runWith(name)}`}
      >
        {t('volumes.details.runWith')}
      </button>
      {users.length > 0 && (
        <span className="inline-field">
          <select
            aria-label={t('volumes.details.shareFromLabel')}
            value={shareWith}
            onChange={(e) => setShareFrom(e.target.value)}
          >
            {users.map((u) => (
              <option key={u.id} value={u.name}>
                {u.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            onClick={() => requestRunForm({ volumesFrom: [shareWith] })}
            title={`$ ${volumeCommands.volumesFrom(shareWith)}`}
          >
            {t('volumes.details.volumesFrom')}
          </button>
        </span>
      )}
      <span className="spacer" />
      <button type="button" className="danger-text" onClick={onRemove} disabled={!volume}>
        {t('volumes.actions.remove')}
      </button>
    </>
  );

  return (
    <Modal
      wide
      onClose={onClose}
      testId="volume-details"
      footer={footer}
      title={
        <>
          {t('volumes.details.title')} <span className="mono">{volume ? shortVolumeName(volume) : name}</span>{' '}
          {volume && (
            <span className={`pill ${volume.anonymous ? 'warn' : ''}`}>
              {volume.anonymous ? t('volumes.anonymous') : t('volumes.named')}
            </span>
          )}
        </>
      }
    >
      {!volume && <p className="warn-text">{t('volumes.details.gone')}</p>}
      {volume && (
        <dl className="facts">
          <dt>{t('volumes.columns.driver')}</dt>
          <dd>{volume.driver}</dd>
          <dt>{t('volumes.columns.mountpoint')}</dt>
          <dd className="mono small">{volume.mountpoint}</dd>
          <dt>{t('volumes.columns.created')}</dt>
          <dd>{volume.created ? formatDateTime(volume.created, i18n.language) : '—'}</dd>
          <dt>{t('volumes.columns.size')}</dt>
          <dd>{usage?.size !== undefined ? formatBytes(usage.size, i18n.language) : '—'}</dd>
          {volume.anonymous && (
            <>
              <dt />
              <dd className="muted small">{t('volumes.anonymousHelp')}</dd>
            </>
          )}
        </dl>
      )}
      <Tabs
        tabs={['files', 'usedBy', 'inspect'] as const}
        value={tab}
        onChange={setTab}
        label={(k) => `${t(`volumes.details.tabs.${k}`)}${k === 'usedBy' ? ` (${users.length})` : ''}`}
      />
      <div role="tabpanel">
        {tab === 'files' && <VolumeFiles name={name} />}
        {tab === 'usedBy' && (
          <>
            <UsedByChips uses={users} onContainer={onContainer} />
            {users.length > 0 && (
              <table className="grid compact" aria-label={t('volumes.details.tabs.usedBy')}>
                <thead>
                  <tr>
                    <th>{t('volumes.details.container')}</th>
                    <th>{t('volumes.details.state')}</th>
                    <th>{t('volumes.details.destination')}</th>
                    <th>{t('volumes.details.mode')}</th>
                  </tr>
                </thead>
                <tbody>
                  {users.map((u) => (
                    <tr key={`${u.id}:${u.destination}`}>
                      <td>{u.name}</td>
                      <td>{u.state}</td>
                      <td className="mono small">{u.destination}</td>
                      <td>{u.readOnly ? t('volumes.details.readOnly') : t('volumes.details.readWrite')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
        {tab === 'inspect' && (
          <InspectView
            command={volumeCommands.inspect(name)}
            load={() => api.call('volumes.inspect', { name })}
            loadKey={name}
          />
        )}
      </div>
    </Modal>
  );
}
