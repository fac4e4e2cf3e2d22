/**
 * Text from the engine (names, versions, error messages) or from the user
 * (engine names), on its way into native UI that is not HTML but still reads
 * more than plain text: menus read `&` as a mnemonic, Linux notification
 * bodies are markup, and every one of them shows control and bidi characters
 * as they are. Pure functions, unit-tested.
 */

// C0 and C1 controls (newlines, ESC…), and the invisible characters that reorder text (RLO makes "exe.txt" read as "txt.exe").
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]+/g;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One line of plain text, at most `max` characters (an ellipsis marks a cut). */
export function plainText(value: unknown, max = 80): string {
  const s = String(value ?? '')
    .replace(CONTROLS, ' ')
    .replace(BIDI, '')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = Array.from(s);
  return chars.length > max ? `${chars.slice(0, Math.max(0, max - 1)).join('')}…` : s;
}

/** A menu item label as Electron shows it: `&&` for a literal `&` (a single one is a mnemonic). */
export const menuLabel = (label: string): string => label.replace(/&/g, '&&');

/** Escape the markup a Linux notification server reads in a body (freedesktop notification spec). */
export const escapeMarkup = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
