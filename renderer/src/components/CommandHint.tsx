import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The docker CLI equivalent of what the user is about to do, copyable. */
export function CommandHint({ command }: { command: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard?.writeText(command).then(() => {
      setCopied(true);
      setTimeout(() => setCopied(false), 1200);
    });
  };
  return (
    <div className="command-hint" aria-label={t('common.equivalent')}>
      <code>$ {command}</code>
      <button type="button" className="link" onClick={copy}>
        {copied ? t('common.copied') : t('common.copy')}
      </button>
    </div>
  );
}
