import type { ReactNode } from 'react';

/** A row of tabs (the panel under it is the caller's `role="tabpanel"`). */
export function Tabs<K extends string>({
  tabs,
  value,
  onChange,
  label,
}: {
  tabs: readonly K[];
  value: K;
  onChange(k: NoInfer<K>): void;
  /** Each tab's text. */
  label(k: NoInfer<K>): ReactNode;
}) {
  return (
    <div className="tabs" role="tablist">
      {tabs.map((k) => (
        <button
          key={k}
          type="button"
          role="tab"
          aria-selected={value === k}
          className={value === k ? 'active' : ''}
          onClick={() => onChange(k)}
        >
          {label(k)}
        </button>
      ))}
    </div>
  );
}
