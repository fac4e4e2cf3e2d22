/** Keyboard shortcuts, as pure functions (the key handler in AppAids and the list in the help dialog use them). */

export type ShortcutAction =
  { kind: 'palette' } | { kind: 'help' } | { kind: 'panel'; index: number } | { kind: 'settings' } | { kind: 'filter' };

/** The panel with its own key (the comma, as in most apps' preferences) rather than a place in the list. */
export const SETTINGS_PANEL = 'settings';

export interface KeyLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** Input types that take no typed text: a key press on them is free for the shortcuts. */
const NOT_TEXT = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** Typing in a field, a select or a terminal keeps every key for itself (Ctrl+K and Alt+1 mean something to a shell). */
export function isTypingTarget(target: unknown): boolean {
  const el = target as {
    tagName?: string;
    type?: string;
    isContentEditable?: boolean;
    closest?(s: string): unknown;
  } | null;
  if (!el || typeof el !== 'object') return false;
  const tag = (el.tagName ?? '').toUpperCase();
  if (tag === 'INPUT') return !NOT_TEXT.has((el.type ?? 'text').toLowerCase());
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (el.isContentEditable) return true;
  return !!el.closest?.('.xterm, [contenteditable="true"]');
}

/** The digit of Digit0…Digit9 / "0"…"9" (keyboard layouts differ: the code is more reliable). */
function digit(e: KeyLike): number | undefined {
  const m = /^Digit([0-9])$/.exec(e.code ?? '') ?? /^([0-9])$/.exec(e.key);
  return m ? Number(m[1]) : undefined;
}

/** The places 1…9 then 0 (the tenth) in the sidebar, as the keys after Ctrl/Cmd or Alt. */
const PLACE_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];

/**
 * The key that goes to a panel after Ctrl/Cmd (or Alt): its place in the sidebar (1…9, then 0 for the tenth),
 * or "," for the settings wherever they are. Undefined: the panel has no key (past the tenth).
 */
export function panelKey(panels: readonly string[], id: string): string | undefined {
  if (id === SETTINGS_PANEL) return ',';
  const place = panels.filter((p) => p !== SETTINGS_PANEL).indexOf(id);
  return PLACE_KEYS[place];
}

/** The panel a place key goes to (the settings are not counted in the places). */
export function panelAt(panels: readonly string[], index: number): string | undefined {
  return panels.filter((p) => p !== SETTINGS_PANEL)[index];
}

/** Ctrl/Cmd+K, the palette's key (the palette's own field also closes it with this key). */
export function isPaletteKey(e: KeyLike): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k';
}

/** Where the key was pressed: in a field or a terminal (`typing`), or with a dialog or the palette open (`modal`). */
export interface KeyContext {
  typing: boolean;
  modal: boolean;
}

/**
 * What a key press asks for, if anything:
 * - Ctrl/Cmd+K: the command palette;
 * - Ctrl/Cmd+1…9 and 0, and Alt+1…9 and 0 (a browser keeps Ctrl+1…9 for its tabs): the n-th panel (0: tenth);
 * - Ctrl/Cmd+, and Alt+,: the settings;
 * - "?": the shortcuts; "/": the panel's filter.
 * None of them while typing (a field, a terminal: the keys are the user's text or the shell's) or while a dialog
 * is open (a half-filled form must not vanish under a panel switch); Escape closes the dialog first.
 */
export function shortcutFor(e: KeyLike, where: KeyContext): ShortcutAction | undefined {
  if (where.typing || where.modal) return undefined;
  if (isPaletteKey(e)) return { kind: 'palette' };
  const mod = e.ctrlKey || e.metaKey;
  const oneModifier = !e.shiftKey && ((mod && !e.altKey) || (e.altKey && !mod));
  const n = digit(e);
  if (n !== undefined && oneModifier) return { kind: 'panel', index: n === 0 ? 9 : n - 1 };
  if (oneModifier && (e.code === 'Comma' || e.key === ',')) return { kind: 'settings' };
  if (mod || e.altKey) return undefined;
  if (e.key === '?') return { kind: 'help' };
  if (e.key === '/') return { kind: 'filter' };
  return undefined;
}

/** How the modifier is written on this platform. */
export const modKey = (platform = typeof navigator === 'undefined' ? '' : navigator.platform): string =>
  /mac|iphone|ipad/i.test(platform) ? '⌘' : 'Ctrl';
