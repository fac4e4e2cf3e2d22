import { useTranslation } from 'react-i18next';
import { CommandHint } from './CommandHint';
import { ErrorLine } from './ErrorText';
import { JsonTree } from './JsonTree';
import { useLoad } from './use-load';

/** An Inspect tab: the engine's own JSON for one object, with the docker command that prints the same. */
export function InspectView({
  command,
  load,
  loadKey,
  className,
}: {
  command: string;
  load(): Promise<Record<string, unknown>>;
  /** Reads again when this changes (the object's id or name). */
  loadKey: string;
  className?: string;
}) {
  const { t } = useTranslation();
  const { value, error } = useLoad(load, loadKey);
  return (
    <div className={className}>
      <CommandHint command={command} />
      <ErrorLine error={error} />
      {!value && !error && <p className="muted">{t('common.loading')}</p>}
      {value && <JsonTree value={value} />}
    </div>
  );
}
