import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../components/ConfirmDialog';

/** One grant id (as main lists it) in words, with the flag that asks for it. */
export function grantText(t: TFunction, grant: string): string {
  const eq = grant.indexOf('=');
  const kind = eq < 0 ? grant : grant.slice(0, eq);
  const value = eq < 0 ? '' : grant.slice(eq + 1);
  switch (grant) {
    case 'privileged':
      return t('containers.power.privileged');
    case 'pid=host':
      return t('containers.power.pidHost');
    case 'network=host':
      return t('containers.power.networkHost');
    case 'ipc=host':
      return t('containers.power.ipcHost');
    case 'uts=host':
      return t('containers.power.utsHost');
  }
  if (kind === 'cap-add') return t('containers.power.cap', { cap: value });
  if (kind === 'device') return t('containers.power.device', { path: value });
  if (kind === 'bind') {
    if (value === '/') return t('containers.power.bindRoot');
    if (/\.sock$/.test(value) || ['/var', '/var/run', '/run'].includes(value)) {
      return t('containers.power.bindSocket', { path: value });
    }
    return t('containers.power.bindSystem', { path: value });
  }
  return grant;
}

/** Asks before a container gets power over the host, naming exactly each grant. */
export function HostPowerDialog({
  grants,
  onConfirm,
  onCancel,
}: {
  grants: string[];
  onConfirm(): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  return (
    <ConfirmDialog
      title={t('containers.power.title')}
      confirmLabel={t('containers.power.confirm')}
      danger
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p>{t('containers.power.body')}</p>
      <ul className="grant-list" data-testid="grant-list">
        {grants.map((g) => (
          <li key={g} data-grant={g}>
            {grantText(t, g)} <code className="mono small">{g}</code>
          </li>
        ))}
      </ul>
    </ConfirmDialog>
  );
}
