import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../lib/format';
import { useEngine } from '../stores/engine.store';

export function StatusBar() {
  const { t, i18n } = useTranslation();
  const status = useEngine((s) => s.status);
  const state = status?.state ?? 'connecting';
  const engineName = status?.engineName;
  // The active engine, everywhere: the window title too.
  useEffect(() => {
    document.title = engineName ? `Berth — ${engineName}` : 'Berth';
  }, [engineName]);
  return (
    <footer className="status-bar" data-engine-state={state}>
      <span className={`dot ${state}`} aria-hidden="true" />
      <span data-testid="engine-state">{t(`engine.${state}`)}</span>
      {status?.state === 'connected' && (
        <span className="muted">
          {t('engine.details', {
            version: status.engineVersion,
            api: status.apiVersion,
            os: status.os,
            arch: status.arch,
            cpus: status.cpus,
            memory: formatBytes(status.memoryBytes ?? 0, i18n.language),
          })}
        </span>
      )}
      <span className="spacer" />
      {status?.engineName && <span data-testid="engine-name">{status.engineName}</span>}
      <span className="muted mono">{status?.endpoint}</span>
    </footer>
  );
}
