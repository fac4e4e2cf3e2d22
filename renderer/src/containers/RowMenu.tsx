import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContainerSummary } from '../../../preload/contract/containers.contract';
import { containerCommands } from '../lib/docker-command';
import { isRunning } from './container-rows';

interface Item {
  id: string;
  label: string;
  command?: string;
  hidden?: boolean;
}

/** The row's "More" menu: everything beyond start/stop/restart/remove. */
export function RowMenu({
  c,
  pinned,
  disabled,
  onPick,
}: {
  c: ContainerSummary;
  pinned: boolean;
  disabled: boolean;
  onPick(id: string): void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const running = isRunning(c);

  useEffect(() => {
    if (!open) return;
    const onDoc = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('mousedown', onDoc);
    window.addEventListener('keydown', onKey);
    ref.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    return () => {
      document.removeEventListener('mousedown', onDoc);
      window.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const items: Item[] = [
    { id: 'details', label: t('containers.actions.details'), command: containerCommands.inspect(c.name) },
    {
      id: 'terminal',
      label: t('containers.actions.terminal'),
      command: containerCommands.exec(c.name),
      hidden: c.state !== 'running',
    },
    {
      id: 'pause',
      label: t('containers.actions.pause'),
      command: containerCommands.pause(c.name),
      hidden: c.state !== 'running',
    },
    {
      id: 'unpause',
      label: t('containers.actions.unpause'),
      command: containerCommands.unpause(c.name),
      hidden: c.state !== 'paused',
    },
    {
      id: 'stopTimeout',
      label: t('containers.actions.stopTimeout'),
      command: containerCommands.stop(c.name, 10),
      hidden: !running,
    },
    {
      id: 'kill',
      label: t('containers.actions.killSignal'),
      command: containerCommands.kill(c.name),
      hidden: !running,
    },
    { id: 'rename', label: t('containers.actions.rename'), command: containerCommands.rename(c.name, '…') },
    { id: 'copyRun', label: t('containers.actions.copyRun') },
    { id: 'edit', label: t('containers.actions.edit') },
    { id: 'pin', label: pinned ? t('containers.actions.unpin') : t('containers.actions.pin') },
  ];

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const list = [...(ref.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
    const i = list.indexOf(document.activeElement as HTMLButtonElement);
    const next = list[(i + (e.key === 'ArrowDown' ? 1 : list.length - 1)) % list.length];
    next?.focus();
  };

  return (
    <div className="row-menu" ref={ref}>
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={disabled}
        aria-label={`${t('containers.actions.more')} ${c.name}`}
        title={t('containers.actions.more')}
        onClick={() => setOpen((o) => !o)}
      >
        ⋯
      </button>
      {open && (
        <div
          className="menu"
          role="menu"
          aria-label={`${t('containers.actions.more')} ${c.name}`}
          onKeyDown={onKeyDown}
        >
          {items
            .filter((i) => !i.hidden)
            .map((i) => (
              <button
                key={i.id}
                type="button"
                role="menuitem"
                title={i.command ? `$ ${i.command}` : undefined}
                onClick={() => {
                  setOpen(false);
                  onPick(i.id);
                }}
              >
                {i.label}
              </button>
            ))}
        </div>
      )}
    </div>
  );
}
