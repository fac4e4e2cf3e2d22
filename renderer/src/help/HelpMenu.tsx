import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigation } from '../stores/navigation.store';
import { useOverlays, type HelpDialog } from './overlays';

/** The sidebar's Help menu: shortcuts, where Berth's logs are, About, and the Learn panel. */
export function HelpMenu() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const openDialog = useOverlays((s) => s.openDialog);
  const setPanel = useNavigation((s) => s.setPanel);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => !ref.current?.contains(e.target as Node) && setOpen(false);
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    window.addEventListener('mousedown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('mousedown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [open]);
  const pick = (d: HelpDialog) => () => {
    setOpen(false);
    openDialog(d);
  };
  return (
    <div className="help-menu" ref={ref}>
      <button
        type="button"
        className="nav-item"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        {t('help.menu')}
      </button>
      {open && (
        <div className="help-menu-list" role="menu" aria-label={t('help.menu')}>
          <button type="button" role="menuitem" onClick={pick('shortcuts')}>
            {t('help.shortcuts')} <kbd>?</kbd>
          </button>
          <button
            type="button"
            role="menuitem"
            onClick={() => {
              setOpen(false);
              setPanel('learn');
            }}
          >
            {t('help.learn')}
          </button>
          <button type="button" role="menuitem" onClick={pick('logs')}>
            {t('help.logs')}
          </button>
          <button type="button" role="menuitem" onClick={pick('about')}>
            {t('help.about')}
          </button>
        </div>
      )}
    </div>
  );
}
