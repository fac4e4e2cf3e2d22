import { create } from 'zustand';

export type HelpDialog = 'shortcuts' | 'about' | 'logs';

interface OverlaysState {
  /** The help dialog shown, if any. */
  dialog: HelpDialog | undefined;
  paletteOpen: boolean;
  openDialog(d: HelpDialog): void;
  closeDialog(): void;
  setPalette(open: boolean): void;
}

/** Which global overlay is open (help dialogs, the command palette): one at a time. */
export const useOverlays = create<OverlaysState>()((set) => ({
  dialog: undefined,
  paletteOpen: false,
  openDialog: (dialog) => set({ dialog, paletteOpen: false }),
  closeDialog: () => set({ dialog: undefined }),
  setPalette: (paletteOpen) => set(paletteOpen ? { paletteOpen, dialog: undefined } : { paletteOpen }),
}));
