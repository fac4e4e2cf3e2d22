import { useEffect } from 'react';
import { CommandPalette } from '../palette/CommandPalette';
import { useNavigation } from '../stores/navigation.store';
import { AboutDialog } from './AboutDialog';
import { LogsDialog } from './LogsDialog';
import { useOverlays } from './overlays';
import { ShortcutsDialog } from './ShortcutsDialog';
import { isTypingTarget, shortcutFor } from './shortcuts';

/** Focus the shown panel's filter (its first search field). */
function focusFilter(): boolean {
  const el = document.querySelector<HTMLInputElement>('main.content input[type="search"]');
  if (!el) return false;
  el.focus();
  el.select();
  return true;
}

/**
 * What every panel shares: the keyboard shortcuts (Ctrl/Cmd+K, Ctrl/Cmd+1…9,
 * Alt+1…9, ? and /), the command palette and the help dialogs.
 */
export function AppAids({ panels }: { panels: readonly string[] }) {
  const dialog = useOverlays((s) => s.dialog);
  const paletteOpen = useOverlays((s) => s.paletteOpen);
  const closeDialog = useOverlays((s) => s.closeDialog);
  const setPalette = useOverlays((s) => s.setPalette);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const action = shortcutFor(e, isTypingTarget(e.target));
      if (!action) return;
      const overlays = useOverlays.getState();
      // Another dialog is open (a confirmation, a form): only the palette toggle passes through.
      const modal = document.querySelector('.modal-backdrop:not(.palette-backdrop)') && !overlays.dialog;
      if (modal && action.kind !== 'palette') return;
      switch (action.kind) {
        case 'palette':
          e.preventDefault();
          overlays.setPalette(!overlays.paletteOpen);
          break;
        case 'help':
          e.preventDefault();
          overlays.openDialog('shortcuts');
          break;
        case 'panel': {
          const id = panels[action.index];
          if (!id) return;
          e.preventDefault();
          overlays.setPalette(false);
          overlays.closeDialog();
          useNavigation.getState().setPanel(id);
          break;
        }
        case 'filter':
          if (focusFilter()) e.preventDefault();
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [panels]);

  return (
    <>
      {paletteOpen && <CommandPalette panels={panels} onClose={() => setPalette(false)} />}
      {dialog === 'shortcuts' && <ShortcutsDialog panels={panels} onClose={closeDialog} />}
      {dialog === 'about' && <AboutDialog onClose={closeDialog} />}
      {dialog === 'logs' && <LogsDialog onClose={closeDialog} />}
    </>
  );
}
