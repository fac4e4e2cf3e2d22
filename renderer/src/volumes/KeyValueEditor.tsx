import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface KeyValueRow {
  key: string;
  value: string;
}

/** Rows to a map (empty keys dropped; the last of duplicate keys wins). */
export function rowsToMap(rows: KeyValueRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of rows) if (r.key.trim()) out[r.key.trim()] = r.value;
  return out;
}

/** An editable list of key=value pairs (labels, driver options). */
export function KeyValueEditor({
  label,
  rows,
  onChange,
  keyPlaceholder,
  valuePlaceholder,
}: {
  label: string;
  rows: KeyValueRow[];
  onChange(rows: KeyValueRow[]): void;
  keyPlaceholder?: string;
  valuePlaceholder?: string;
}) {
  const { t } = useTranslation();
  const [uid] = useState(() => Math.random().toString(36).slice(2));
  const set = (i: number, patch: Partial<KeyValueRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="kv-editor">
      <legend>{label}</legend>
      {rows.map((r, i) => (
        <div className="kv-row" key={`${uid}-${i}`}>
          <input
            type="text"
            value={r.key}
            placeholder={keyPlaceholder ?? t('volumes.kv.key')}
            aria-label={`${label} ${t('volumes.kv.key')} ${i + 1}`}
            onChange={(e) => set(i, { key: e.target.value })}
          />
          <span className="muted">=</span>
          <input
            type="text"
            value={r.value}
            placeholder={valuePlaceholder ?? t('volumes.kv.value')}
            aria-label={`${label} ${t('volumes.kv.value')} ${i + 1}`}
            onChange={(e) => set(i, { value: e.target.value })}
          />
          <button
            type="button"
            className="link"
            aria-label={`${t('volumes.kv.remove')} ${i + 1}`}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            ✕
          </button>
        </div>
      ))}
      <button type="button" className="small-btn" onClick={() => onChange([...rows, { key: '', value: '' }])}>
        {t('volumes.kv.add')}
      </button>
    </fieldset>
  );
}
