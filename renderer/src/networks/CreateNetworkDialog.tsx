import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { NETWORK_NAME, addressIssues, type AddressIssue } from '../../../preload/contract/networks.contract';
import { api } from '../api';
import { CommandHint } from '../components/CommandHint';
import { ErrorLine } from '../components/ErrorText';
import { TextField } from '../components/TextField';
import { useAction } from '../components/use-load';
import { networkCommands } from '../lib/networks-commands';
import { KeyValueEditor, rowsToMap, type KeyValueRow } from '../volumes/KeyValueEditor';
import { Modal, ModalButtons } from '../components/Modal';

const DRIVERS = ['bridge', 'macvlan', 'ipvlan', 'overlay'] as const;

export interface NetworkForm {
  name: string;
  driver: string;
  subnet: string;
  gateway: string;
  ipRange: string;
  internal: boolean;
  attachable: boolean;
  ipv6: boolean;
  ipv6Subnet: string;
}

export interface FieldIssue {
  code: AddressIssue['code'] | 'name';
  suggestion?: string | undefined;
}

/** Field problems of the form, the same checks main makes (so nothing bad reaches the engine). */
export function networkFormIssues(f: NetworkForm): Partial<Record<keyof NetworkForm, FieldIssue>> {
  const out: Partial<Record<keyof NetworkForm, FieldIssue>> = {};
  if (f.name && (!NETWORK_NAME.test(f.name) || f.name.length > 128)) out.name = { code: 'name' };
  for (const i of addressIssues({
    subnet: f.subnet.trim() || undefined,
    gateway: f.gateway.trim() || undefined,
    ipRange: f.ipRange.trim() || undefined,
    ipv6Subnet: f.ipv6Subnet.trim() || undefined,
  })) {
    out[i.field] ??= { code: i.code, suggestion: i.suggestion };
  }
  if (f.ipv6Subnet.trim() && !f.ipv6) out.ipv6Subnet ??= { code: 'needs_subnet' };
  return out;
}

/** `docker network create`, with the address settings checked as they are typed. */
export function CreateNetworkDialog({ onClose, onCreated }: { onClose(): void; onCreated(id: string): void }) {
  const { t } = useTranslation();
  const [f, setF] = useState<NetworkForm>({
    name: '',
    driver: 'bridge',
    subnet: '',
    gateway: '',
    ipRange: '',
    internal: false,
    attachable: false,
    ipv6: false,
    ipv6Subnet: '',
  });
  const [labels, setLabels] = useState<KeyValueRow[]>([]);
  const { busy, error, run } = useAction();
  const issues = networkFormIssues(f);
  const invalid = !f.name || Object.keys(issues).length > 0;
  const set = (patch: Partial<NetworkForm>) => setF((prev) => ({ ...prev, ...patch }));
  const labelMap = rowsToMap(labels);
  const trimmed = {
    subnet: f.subnet.trim(),
    gateway: f.gateway.trim(),
    ipRange: f.ipRange.trim(),
    ipv6Subnet: f.ipv6Subnet.trim(),
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (invalid) return;
    run(
      () =>
        api.call('networks.create', {
          name: f.name,
          driver: f.driver,
          ...(trimmed.subnet ? { subnet: trimmed.subnet } : {}),
          ...(trimmed.gateway ? { gateway: trimmed.gateway } : {}),
          ...(trimmed.ipRange ? { ipRange: trimmed.ipRange } : {}),
          internal: f.internal,
          attachable: f.attachable,
          ipv6: f.ipv6,
          ...(trimmed.ipv6Subnet ? { ipv6Subnet: trimmed.ipv6Subnet } : {}),
          labels: labelMap,
        }),
      (n) => onCreated(n.id),
    );
  };

  const fieldError = (k: keyof NetworkForm) =>
    issues[k] ? (
      <span className="error-text small" data-field-error={k}>
        {t(`networks.create.issues.${issues[k].code}`, { suggestion: issues[k].suggestion ?? '' })}
      </span>
    ) : null;

  return (
    <Modal title={t('networks.create.title')} onClose={onClose} wide testId="create-network">
      <form className="form" onSubmit={submit}>
        <div className="field-row">
          <TextField
            label={t('networks.create.name')}
            value={f.name}
            autoFocus
            problem={fieldError('name')}
            onChange={(v) => set({ name: v.trim() })}
          />
          <label className="field">
            <span>{t('networks.create.driver')}</span>
            <select
              aria-label={t('networks.create.driver')}
              value={f.driver}
              onChange={(e) => set({ driver: e.target.value })}
            >
              {DRIVERS.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="field-row">
          <TextField
            label={t('networks.create.subnet')}
            value={f.subnet}
            placeholder="10.10.0.0/24"
            problem={fieldError('subnet')}
            onChange={(v) => set({ subnet: v })}
          />
          <TextField
            label={t('networks.create.gateway')}
            value={f.gateway}
            placeholder="10.10.0.1"
            problem={fieldError('gateway')}
            onChange={(v) => set({ gateway: v })}
          />
          <TextField
            label={t('networks.create.ipRange')}
            value={f.ipRange}
            placeholder="10.10.0.128/25"
            problem={fieldError('ipRange')}
            onChange={(v) => set({ ipRange: v })}
          />
        </div>
        <p className="muted small">{t('networks.create.subnetHelp')}</p>
        <div className="checks">
          <label className="check">
            <input type="checkbox" checked={f.internal} onChange={(e) => set({ internal: e.target.checked })} />
            {t('networks.create.internal')}
          </label>
          <label className="check">
            <input type="checkbox" checked={f.attachable} onChange={(e) => set({ attachable: e.target.checked })} />
            {t('networks.create.attachable')}
          </label>
          <label className="check">
            <input type="checkbox" checked={f.ipv6} onChange={(e) => set({ ipv6: e.target.checked })} />
            {t('networks.create.ipv6')}
          </label>
        </div>
        {f.ipv6 && (
          <TextField
            label={t('networks.create.ipv6Subnet')}
            value={f.ipv6Subnet}
            placeholder="fd00:10::/64"
            problem={fieldError('ipv6Subnet')}
            onChange={(v) => set({ ipv6Subnet: v })}
          />
        )}
        <KeyValueEditor label={t('networks.create.labels')} rows={labels} onChange={setLabels} />
        <CommandHint
          command={networkCommands.create({
            name: f.name,
            driver: f.driver,
            ...trimmed,
            internal: f.internal,
            attachable: f.attachable,
            ipv6: f.ipv6,
            labels: labelMap,
          })}
        />
        <ErrorLine error={error} />
        <div className="modal-actions">
          <ModalButtons label={t('networks.create.submit')} busy={busy} disabled={invalid} onCancel={onClose} />
        </div>
      </form>
    </Modal>
  );
}
