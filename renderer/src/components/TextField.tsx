import type { ReactNode } from 'react';

/**
 * A labelled one-line text field of a dialog form: its problem under it when it has one, else its help.
 * The input is named by `label` alone (the problem and help texts are not part of its name).
 */
export function TextField({
  label,
  value,
  onChange,
  placeholder,
  problem,
  help,
  autoFocus,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  placeholder?: string;
  /** What is wrong with the value (marks the field invalid); undefined when nothing is. */
  problem?: ReactNode;
  help?: ReactNode;
  autoFocus?: boolean;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <input
        aria-label={label}
        type="text"
        value={value}
        placeholder={placeholder}
        aria-invalid={!!problem}
        autoFocus={autoFocus}
        onChange={(e) => onChange(e.target.value)}
      />
      {problem ? problem : help !== undefined && <span className="muted small">{help}</span>}
    </label>
  );
}
