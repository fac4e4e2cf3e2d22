/**
 * Terminal output is untrusted: these decide what a program in a container
 * may make the app do. Pure functions, unit-tested.
 */

/** Only http(s) links open, and never with credentials in them. */
export function safeHttpUrl(candidate: string): string | undefined {
  let u: URL;
  try {
    u = new URL(candidate.trim());
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  if (u.username || u.password) return undefined;
  if (u.href.length > 4096) return undefined;
  return u.href;
}

export const OSC52_MAX_BYTES = 1024 * 1024;

/**
 * OSC 52 (`ESC ] 52 ; <targets> ; <base64> BEL`): what text a program asks
 * to put on the clipboard, or undefined for a query ("?", a clipboard read:
 * never answered), a bad payload or an oversized one.
 */
export function osc52Text(data: string): string | undefined {
  const semi = data.indexOf(';');
  if (semi < 0) return undefined;
  const payload = data.slice(semi + 1);
  if (payload === '?' || payload.length === 0) return undefined;
  if (payload.length > (OSC52_MAX_BYTES * 4) / 3 + 4) return undefined;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(payload)) return undefined;
  try {
    const bin = atob(payload);
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  } catch {
    return undefined;
  }
}
