import { describe, expect, it } from 'vitest';
import { formatAgo, formatBytes, formatDateTime } from '../../../renderer/src/lib/format';

describe('formatBytes', () => {
  it.each([
    [0, 'en', '0 B'],
    [1, 'en', '1 B'],
    [1023, 'en', '1,023 B'],
    [1024, 'en', '1 KiB'],
    [1536, 'en', '1.5 KiB'],
    [10 * 1024 * 1024, 'en', '10 MiB'],
    [1.25 * 1024 ** 3, 'en', '1.3 GiB'],
    [5 * 1024 ** 4, 'en', '5 TiB'],
    [2048 * 1024 ** 4, 'en', '2,048 TiB'],
    [1536, 'zh-CN', '1.5 KiB'],
    [1023, 'zh-CN', '1,023 B'],
    [3.5 * 1024 ** 3, 'zh-CN', '3.5 GiB'],
    [1536, 'de', '1,5 KiB'],
  ] as const)('%d bytes in %s -> %s', (bytes, locale, expected) => {
    expect(formatBytes(bytes, locale)).toBe(expected);
  });
});

describe('formatAgo', () => {
  const now = Date.UTC(2025, 0, 15, 12, 0, 0);
  const ago = (seconds: number) => now / 1000 - seconds;

  it.each([
    [0, 'now'],
    [30, '30 seconds ago'],
    [3 * 60, '3 minutes ago'],
    [2 * 3600, '2 hours ago'],
    [24 * 3600, 'yesterday'],
    [3 * 24 * 3600, '3 days ago'],
    [14 * 24 * 3600, '2 weeks ago'],
    [90 * 24 * 3600, '3 months ago'],
    [3 * 365 * 24 * 3600, '3 years ago'],
  ])('en: %d seconds ago -> %s', (seconds, expected) => {
    expect(formatAgo(ago(seconds), 'en', now)).toBe(expected);
  });

  it.each([
    [0, '现在'],
    [3 * 60, '3分钟前'],
    [2 * 3600, '2小时前'],
    [24 * 3600, '昨天'],
    [3 * 24 * 3600, '3天前'],
    [3 * 365 * 24 * 3600, '3年前'],
  ])('zh-CN: %d seconds ago -> %s', (seconds, expected) => {
    expect(formatAgo(ago(seconds), 'zh-CN', now)).toBe(expected);
  });

  it('zh-CN: 30 seconds ago (CLDR spells it 秒钟前 or 秒前 depending on the ICU version)', () => {
    expect(formatAgo(ago(30), 'zh-CN', now)).toMatch(/^30\s*秒钟?前$/);
  });

  it('picks the unit and amount the way Intl would for each boundary', () => {
    const rtf = new Intl.RelativeTimeFormat('zh-CN', { numeric: 'auto' });
    expect(formatAgo(ago(59), 'zh-CN', now)).toBe(rtf.format(-59, 'second'));
    expect(formatAgo(ago(61), 'zh-CN', now)).toBe(rtf.format(-1, 'minute'));
    expect(formatAgo(ago(23 * 3600), 'zh-CN', now)).toBe(rtf.format(-23, 'hour'));
    expect(formatAgo(ago(6 * 24 * 3600), 'zh-CN', now)).toBe(rtf.format(-6, 'day'));
    expect(formatAgo(ago(7 * 24 * 3600), 'zh-CN', now)).toBe(rtf.format(-1, 'week'));
  });

  it('handles a time in the future (clock skew with the engine)', () => {
    expect(formatAgo(now / 1000 + 5 * 60, 'en', now)).toBe('in 5 minutes');
  });

  it('defaults `now` to the current time', () => {
    expect(formatAgo(Date.now() / 1000 - 120, 'en')).toBe('2 minutes ago');
  });
});

describe('formatDateTime', () => {
  it('formats in the given locale', () => {
    const t = Date.UTC(2025, 0, 15, 12, 0, 0) / 1000;
    expect(formatDateTime(t, 'en')).toMatch(/Jan 15, 2025/);
    expect(formatDateTime(t, 'zh-CN')).toMatch(/2025年1月15日/);
  });
});
