import { useEffect } from 'react';
import { CommandPalette } from '../palette/CommandPalette';
import { useNavigation } from '../stores/navigation.store';
import { AboutDialog } from './AboutDialog';
import { LogsDialog } from './LogsDialog';
import { useOverlays } from './overlays';
import { ShortcutsDialog } from './ShortcutsDialog';
import { SETTINGS_PANEL, isTypingTarget, panelAt, shortcutFor } from './shortcuts';

/** Focus the shown panel's filter (its first search field). */
function focusFilter(): boolean {
  const el = document.querySelector<HTMLInputElement>('main.content input[type="search"]');
  if (!el) return false;
  el.focus();
  el.select();
  return true;
}

/**
 * What every panel shares: the keyboard shortcuts (Ctrl/Cmd+K, Ctrl/Cmd or Alt + 1…9, 0 and ",", ? and /;
 * see shortcuts.ts), the command palette and the help dialogs.
 */
export function AppAids({ panels }: { panels: readonly string[] }) {
  const dialog = useOverlays((s) => s.dialog);
  const paletteOpen = useOverlays((s) => s.paletteOpen);
  const closeDialog = useOverlays((s) => s.closeDialog);
  const setPalette = useOverlays((s) => s.setPalette);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      // Any dialog, the palette included (the palette's own field closes it with Ctrl/Cmd+K).
      const modal = !!document.querySelector('.modal-backdrop');
      const action = shortcutFor(e, { typing: isTypingTarget(e.target), modal });
      if (!action) return;
      const overlays = useOverlays.getState();
      switch (action.kind) {
        case 'palette':
          e.preventDefault();
          overlays.setPalette(true);
          break;
        case 'help':
          e.preventDefault();
          overlays.openDialog('shortcuts');
          break;
        case 'panel':
        case 'settings': {
          const id = action.kind === 'settings' ? SETTINGS_PANEL : panelAt(panels, action.index);
          if (!id || !panels.includes(id)) return;
          e.preventDefault();
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
