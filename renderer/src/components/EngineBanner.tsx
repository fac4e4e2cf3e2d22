import { useTranslation } from 'react-i18next';
import { useEngine } from '../stores/engine.store';

/** Says plainly when the engine (or, in web mode, Berth itself) cannot be reached. */
export function EngineBanner() {
  const { t } = useTranslation();
  const status = useEngine((s) => s.status);
  const link = useEngine((s) => s.link);
  if (link === 'closed') {
    return (
      <div className="banner warn" role="alert">
        {t('engine.linkLost')}
      </div>
    );
  }
  if (status?.state !== 'disconnected') return null;
  return (
    <div className="banner error" role="alert" data-testid="engine-disconnected">
      <strong>{t('engine.disconnected')}</strong> — {t('engine.disconnectedHelp', { endpoint: status.endpoint })}
      {status.error && <div className="detail">{status.error}</div>}
    </div>
  );
}
