/** Sizes in the user's locale, binary units as docker shows them. */
export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: i === 0 ? 0 : 1 }).format(v)} ${units[i]}`;
}

const DIVISIONS: [number, Intl.RelativeTimeFormatUnit][] = [
  [60, 'second'],
  [60, 'minute'],
  [24, 'hour'],
  [7, 'day'],
  [4.34524, 'week'],
  [12, 'month'],
  [Number.POSITIVE_INFINITY, 'year'],
];

/** "3 minutes ago" / "3 分钟前", from seconds since the epoch. */
export function formatAgo(epochSeconds: number, locale: string, now = Date.now()): string {
  let delta = epochSeconds - now / 1000;
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [amount, unit] of DIVISIONS) {
    if (Math.abs(Math.round(delta)) < amount) return rtf.format(Math.round(delta), unit);
    delta /= amount;
  }
  return rtf.format(Math.round(delta), 'year');
}

export function formatDateTime(epochSeconds: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(epochSeconds * 1000);
}

/** "25 seconds" / "25秒钟": a span of time in the locale's words. */
export function formatSpan(n: number, unit: Intl.RelativeTimeFormatUnit, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(n);
}
