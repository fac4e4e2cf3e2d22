import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BerthError } from '../../../preload/contract/errors';
import { DRIVER_NAME, VOLUME_NAME } from '../../../preload/contract/volumes.contract';
import { api } from '../api';
import { CommandHint } from '../components/CommandHint';
import { ErrorText } from '../components/ErrorText';
import { volumeCommands } from '../lib/volumes-commands';
import { KeyValueEditor, rowsToMap, type KeyValueRow } from './KeyValueEditor';
import { Modal } from '../components/Modal';

/** `docker volume create`: name (optional), driver, driver options, labels. */
export function CreateVolumeDialog({ onClose, onCreated }: { onClose(): void; onCreated(name: string): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [driver, setDriver] = useState('local');
  const [opts, setOpts] = useState<KeyValueRow[]>([]);
  const [labels, setLabels] = useState<KeyValueRow[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<BerthError | undefined>();

  const nameBad = name !== '' && (!VOLUME_NAME.test(name) || name.length > 255);
  const driverBad = !DRIVER_NAME.test(driver);
  const driverOpts = rowsToMap(opts);
  const labelMap = rowsToMap(labels);
  const command = volumeCommands.create({ name, driver, driverOpts, labels: labelMap });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (nameBad || driverBad) return;
    setBusy(true);
    setError(undefined);
    api.call('volumes.create', { ...(name ? { name } : {}), driver, driverOpts, labels: labelMap }).then(
      (v) => onCreated(v.name),
      (err: unknown) => {
        setError(err as BerthError);
        setBusy(false);
      },
    );
  };

  return (
    <Modal title={t('volumes.create.title')} onClose={onClose} testId="create-volume">
      <form className="form" onSubmit={submit}>
        <label className="field">
          <span>{t('volumes.create.name')}</span>
          <input
            aria-label={t('volumes.create.name')}
            type="text"
            value={name}
            autoFocus
            placeholder={t('volumes.create.namePlaceholder')}
            aria-invalid={nameBad}
            onChange={(e) => setName(e.target.value.trim())}
          />
          {nameBad ? (
            <span className="error-text small">{t('volumes.create.nameInvalid')}</span>
          ) : (
            <span className="muted small">{t('volumes.create.nameHelp')}</span>
          )}
        </label>
        <label className="field">
          <span>{t('volumes.create.driver')}</span>
          <input
            aria-label={t('volumes.create.driver')}
            type="text"
            value={driver}
            aria-invalid={driverBad}
            onChange={(e) => setDriver(e.target.value.trim())}
          />
          {driverBad && <span className="error-text small">{t('volumes.create.driverInvalid')}</span>}
        </label>
        <KeyValueEditor
          label={t('volumes.create.driverOpts')}
          rows={opts}
          onChange={setOpts}
          keyPlaceholder="type"
          valuePlaceholder="tmpfs"
        />
        <KeyValueEditor label={t('volumes.create.labels')} rows={labels} onChange={setLabels} />
        <CommandHint command={command} />
        {error && (
          <p className="error-text" role="alert">
            <ErrorText error={error} />
          </p>
        )}
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy || nameBad || driverBad}>
            {t('volumes.create.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
