import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DRIVER_NAME, VOLUME_NAME } from '../../../preload/contract/volumes.contract';
import { api } from '../api';
import { CommandHint } from '../components/CommandHint';
import { ErrorLine } from '../components/ErrorText';
import { TextField } from '../components/TextField';
import { useAction } from '../components/use-load';
import { volumeCommands } from '../lib/volumes-commands';
import { KeyValueEditor, rowsToMap, type KeyValueRow } from './KeyValueEditor';
import { Modal, ModalButtons } from '../components/Modal';

/** `docker volume create`: name (optional), driver, driver options, labels. */
export function CreateVolumeDialog({ onClose, onCreated }: { onClose(): void; onCreated(name: string): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [driver, setDriver] = useState('local');
  const [opts, setOpts] = useState<KeyValueRow[]>([]);
  const [labels, setLabels] = useState<KeyValueRow[]>([]);
  const { busy, error, run } = useAction();

  const nameBad = name !== '' && (!VOLUME_NAME.test(name) || name.length > 255);
  const driverBad = !DRIVER_NAME.test(driver);
  const driverOpts = rowsToMap(opts);
  const labelMap = rowsToMap(labels);
  const command = volumeCommands.create({ name, driver, driverOpts, labels: labelMap });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (nameBad || driverBad) return;
    run(
      () => api.call('volumes.create', { ...(name ? { name } : {}), driver, driverOpts, labels: labelMap }),
      (v) => onCreated(v.name),
    );
  };

  return (
    <Modal title={t('volumes.create.title')} onClose={onClose} testId="create-volume">
      <form className="form" onSubmit={submit}>
        <TextField
          label={t('volumes.create.name')}
          value={name}
          autoFocus
          placeholder={t('volumes.create.namePlaceholder')}
          problem={nameBad && <span className="error-text small">{t('volumes.create.nameInvalid')}</span>}
          help={t('volumes.create.nameHelp')}
          onChange={(v) => setName(v.trim())}
        />
        <TextField
          label={t('volumes.create.driver')}
          value={driver}
          problem={driverBad && <span className="error-text small">{t('volumes.create.driverInvalid')}</span>}
          onChange={(v) => setDriver(v.trim())}
        />
        <KeyValueEditor
          label={t('volumes.create.driverOpts')}
          rows={opts}
          onChange={setOpts}
          keyPlaceholder="type"
          valuePlaceholder="tmpfs"
        />
        <KeyValueEditor label={t('volumes.create.labels')} rows={labels} onChange={setLabels} />
        <CommandHint command={command} />
        <ErrorLine error={error} />
        <div className="modal-actions">
          <ModalButtons
            label={t('volumes.create.submit')}
            busy={busy}
            disabled={nameBad || driverBad}
            onCancel={onClose}
          />
        </div>
      </form>
    </Modal>
  );
}
