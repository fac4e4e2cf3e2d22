// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../preload/contract/errors';
import { ContainerState } from '../../../preload/contract/containers.contract';
import { i18next, initI18n, systemLanguage } from '../../../renderer/src/i18n';

type Tree = { [key: string]: string | Tree };

/** Every leaf as [dotted key, value]. Non-string leaves are reported as such. */
function leaves(tree: Tree, prefix = ''): [string, unknown][] {
  return Object.entries(tree).flatMap(([k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k;
    return v !== null && typeof v === 'object' ? leaves(v, key) : [[key, v] as [string, unknown]];
  });
}

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

// The tables exactly as the app hands them to i18next (however they are split into files).
initI18n('en');
const bundle = (lng: string) => i18next.getResourceBundle(lng, 'translation') as Tree | undefined;
const enLeaves = new Map(leaves(bundle('en') ?? {}));
const zhLeaves = new Map(leaves(bundle('zh-CN') ?? {}));

describe('i18n messages', () => {
  it('has a fair number of keys (the walk found them)', () => {
    expect(enLeaves.size).toBeGreaterThan(50);
  });

  it('every English key exists in zh-CN', () => {
    expect([...enLeaves.keys()].filter((k) => !zhLeaves.has(k))).toEqual([]);
  });

  it('every zh-CN key exists in English', () => {
    expect([...zhLeaves.keys()].filter((k) => !enLeaves.has(k))).toEqual([]);
  });

  it('every value is a non-empty string in both languages', () => {
    for (const [lang, map] of [
      ['en', enLeaves],
      ['zh-CN', zhLeaves],
    ] as const) {
      for (const [key, value] of map) {
        expect(typeof value, `${lang} ${key}`).toBe('string');
        expect((value as string).trim(), `${lang} ${key}`).not.toBe('');
      }
    }
  });

  it('zh-CN uses the same {{placeholders}} as English', () => {
    for (const [key, value] of enLeaves) {
      expect(placeholders(zhLeaves.get(key) as string), key).toEqual(placeholders(value as string));
    }
  });

  it('zh-CN is really translated (most strings contain Chinese)', () => {
    const han = [...zhLeaves.values()].filter((v) => /\p{Script=Han}/u.test(v as string));
    expect(han.length / zhLeaves.size).toBeGreaterThan(0.8);
  });

  it('translates through i18next in both languages, with interpolation', async () => {
    expect(i18next.t('errors.not_found')).toBe(enLeaves.get('errors.not_found'));
    await i18next.changeLanguage('zh-CN');
    try {
      expect(i18next.t('errors.not_found')).toBe(zhLeaves.get('errors.not_found'));
      expect(i18next.t('engine.disconnectedHelp', { endpoint: 'unix:///x' })).toContain('unix:///x');
    } finally {
      await i18next.changeLanguage('en');
    }
  });

  it('follows the system locale: any Chinese locale gets zh-CN, the rest English', () => {
    expect(systemLanguage(['zh-TW'])).toBe('zh-CN');
    expect(systemLanguage(['en-US', 'zh-CN'])).toBe('zh-CN');
    expect(systemLanguage(['ZH'])).toBe('zh-CN');
    expect(systemLanguage(['en-GB', 'fr'])).toBe('en');
    expect(systemLanguage([])).toBe('en');
  });

  it('has a message for every error code and every container state, in both languages', () => {
    for (const code of ERROR_CODES) {
      expect(enLeaves.get(`errors.${code}`), code).toBeTruthy();
      expect(zhLeaves.get(`errors.${code}`), code).toBeTruthy();
    }
    for (const state of ContainerState.options) {
      expect(enLeaves.get(`containers.state.${state}`), state).toBeTruthy();
      expect(zhLeaves.get(`containers.state.${state}`), state).toBeTruthy();
    }
  });
});
