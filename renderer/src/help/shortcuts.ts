/** Keyboard shortcuts, as pure functions (the key handler in AppAids and the list in the help dialog use them). */

export type ShortcutAction =
  { kind: 'palette' } | { kind: 'help' } | { kind: 'panel'; index: number } | { kind: 'filter' };

export interface KeyLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** Typing in a field (or a terminal) keeps plain keys such as "?" and "/" for itself. */
export function isTypingTarget(target: unknown): boolean {
  const el = target as { tagName?: string; isContentEditable?: boolean; closest?(s: string): unknown } | null;
  if (!el || typeof el !== 'object') return false;
  const tag = (el.tagName ?? '').toUpperCase();
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (el.isContentEditable) return true;
  return !!el.closest?.('.xterm, [contenteditable="true"]');
}

/** The digit of Digit1…Digit9 / "1"…"9" (keyboard layouts differ: the code is more reliable). */
function digit(e: KeyLike): number | undefined {
  const m = /^Digit([1-9])$/.exec(e.code ?? '') ?? /^([1-9])$/.exec(e.key);
  return m ? Number(m[1]) : undefined;
}

/**
 * What a key press asks for, if anything:
 * - Ctrl/Cmd+K: the command palette (also while typing);
 * - Ctrl/Cmd+1…9, and Alt+1…9 (a browser keeps Ctrl+1…9 for its tabs): the n-th panel;
 * - "?": the shortcuts; "/": the panel's filter (not while typing).
 */
export function shortcutFor(e: KeyLike, typing: boolean): ShortcutAction | undefined {
  const mod = e.ctrlKey || e.metaKey;
  if (mod && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') return { kind: 'palette' };
  const n = digit(e);
  if (n !== undefined && !e.shiftKey && ((mod && !e.altKey) || (e.altKey && !mod))) {
    return { kind: 'panel', index: n - 1 };
  }
  if (typing || mod || e.altKey) return undefined;
  if (e.key === '?') return { kind: 'help' };
  if (e.key === '/') return { kind: 'filter' };
  return undefined;
}

/** How the modifier is written on this platform. */
export const modKey = (platform = typeof navigator === 'undefined' ? '' : navigator.platform): string =>
  /mac|iphone|ipad/i.test(platform) ? '⌘' : 'Ctrl';
