import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSettings } from '../stores/settings.store';

/**
 * The docker CLI equivalent of what the user is about to do, copyable.
 * Hidden when the "command hints" setting is off (the journal keeps recording).
 */
export function CommandHint({ command }: { command: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const on = useSettings((s) => s.commandHints);
  if (!on) return null;
  const copy = () => {
    void navigator.clipboard?.writeText(command).then(() => {
      setCopied(true);
      setTimeout(() => setCopied(false), 1200);
    });
  };
  return (
    <div className="command-hint" aria-label={t('common.equivalent')}>
      <code>
        {command.split('\n').map((line, i) => (
          <span key={i} className="command-line">
            {i > 0 && <br />}$ {line}
          </span>
        ))}
      </code>
      <button type="button" className="link" onClick={copy}>
        {copied ? t('common.copied') : t('common.copy')}
      </button>
    </div>
  );
}
