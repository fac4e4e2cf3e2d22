import { useTranslation } from 'react-i18next';
import type { ContainerUse } from '../../../preload/contract/volumes.contract';

/** The containers using a volume, each a button that opens it. */
export function UsedByChips({ uses, onContainer }: { uses: ContainerUse[]; onContainer(u: ContainerUse): void }) {
  const { t } = useTranslation();
  if (uses.length === 0) return <span className="muted small">{t('volumes.unused')}</span>;
  return (
    <div className="chips">
      {uses.map((u) => (
        <button
          key={`${u.id}:${u.destination}`}
          type="button"
          className="chip"
          title={`${u.name} → ${u.destination}${u.readOnly ? ' (ro)' : ''} · ${u.state}`}
          onClick={() => onContainer(u)}
          data-container={u.name}
        >
          <span className={`dot ${u.state === 'running' ? 'connected' : ''}`} aria-hidden="true" />
          {u.name}
        </button>
      ))}
    </div>
  );
}
