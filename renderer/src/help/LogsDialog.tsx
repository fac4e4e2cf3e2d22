import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../components/ErrorText';
import { useSystem } from '../stores';
import { Modal } from '../components/Modal';

/** Help > Berth's logs: where Berth's own messages go (not the engine's). */
export function LogsDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const about = useSystem((s) => s.about);
  const load = useSystem((s) => s.loadAbout);
  const [copied, setCopied] = useState(false);
  useEffect(() => void load(), [load]);
  const logs = about.value?.logs;
  return (
    <Modal closeOnBackdrop title={t('help.logsTitle')} onClose={onClose}>
      {about.error && (
        <p className="error-text" role="alert">
          <ErrorText error={about.error} />
        </p>
      )}
      {!logs && !about.error && <p className="muted">{t('common.loading')}</p>}
      {logs?.kind === 'directory' && (
        <>
          <p>{t('help.logsDirectory')}</p>
          <div className="command-hint">
            <code data-testid="logs-path">{logs.path}</code>
            <button
              type="button"
              className="link"
              onClick={() => void navigator.clipboard?.writeText(logs.path).then(() => setCopied(true))}
            >
              {copied ? t('common.copied') : t('help.copyPath')}
            </button>
          </div>
          {logs.file && (
            <p className="muted small" data-testid="logs-file">
              {t('help.logsFile', { file: logs.file })}
            </p>
          )}
        </>
      )}
      {logs?.kind === 'stdout' && (
        <>
          <p>{t('help.logsStdout')}</p>
          <p className="mono small" data-testid="logs-process">
            {t('help.logsProcess', { command: logs.command, pid: logs.pid })}
          </p>
        </>
      )}
      <p className="muted small">{t('help.logsEngine')}</p>
    </Modal>
  );
}
