// @vitest-environment jsdom
import { beforeAll, describe, expect, it } from 'vitest';
import { parseStatus, statusLine } from '../../../renderer/src/containers/container-rows';
import { i18next, initI18n } from '../../../renderer/src/i18n';

describe("the engine's status line, said in the user's language", () => {
  beforeAll(async () => {
    await initI18n('en');
  });

  it('takes apart what docker ps writes', () => {
    expect(parseStatus('Up 25 seconds')).toEqual({ kind: 'up', span: { n: 25, unit: 'second' } });
    expect(parseStatus('Up About an hour (healthy)')).toEqual({
      kind: 'up',
      span: { n: 1, unit: 'hour', about: true },
      extra: 'healthy',
    });
    expect(parseStatus('Up 2 days (health: starting)')).toMatchObject({ extra: 'starting' });
    expect(parseStatus('Up 1 week (Paused)')).toMatchObject({ span: { n: 1, unit: 'week' }, extra: 'paused' });
    expect(parseStatus('Up Less than a second')).toEqual({ kind: 'up', span: { n: 0, unit: 'second' } });
    expect(parseStatus('Exited (137) 3 minutes ago')).toEqual({
      kind: 'exited',
      code: 137,
      span: { n: 3, unit: 'minute' },
    });
    expect(parseStatus('Restarting (1) About a minute ago')).toMatchObject({ kind: 'restarting', code: 1 });
    for (const other of ['Created', 'Removal In Progress', 'Dead', 'Up forever', 'Exited (0) soon'])
      expect(parseStatus(other)).toBeUndefined();
  });

  it('says it in Chinese, and leaves what it does not know as the engine wrote it', async () => {
    await i18next.changeLanguage('zh-CN');
    try {
      const t = i18next.t.bind(i18next);
      expect(statusLine('Up 25 seconds', t, 'zh-CN')).toBe('已运行 25秒钟');
      expect(statusLine('Up 3 hours (unhealthy)', t, 'zh-CN')).toBe('已运行 3小时（不健康）');
      expect(statusLine('Exited (3) 27 seconds ago', t, 'zh-CN')).toBe('27秒钟前退出（退出码 3）');
      expect(statusLine('Up About a minute', t, 'zh-CN')).toBe('已运行 约 1分钟');
      expect(statusLine('Removal In Progress', t, 'zh-CN')).toBe('Removal In Progress');
    } finally {
      await i18next.changeLanguage('en');
    }
    const t = i18next.t.bind(i18next);
    expect(statusLine('Exited (3) 27 seconds ago', t, 'en')).toBe('Exited (3) 27 seconds ago');
    expect(statusLine('Up 2 days (healthy)', t, 'en')).toBe('Up 2 days (healthy)');
  });
});
