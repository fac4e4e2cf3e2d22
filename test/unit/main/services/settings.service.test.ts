import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsService, defaultSettingsFile, writeFileAtomic } from '../../../../main/services/settings.service';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'berth-settings-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('SettingsService', () => {
  it('starts from defaults, persists updates and reads them back', async () => {
    const file = join(tmp(), 'sub', 'settings.json');
    const s = new SettingsService(file);
    expect(s.get()).toMatchObject({
      theme: 'system',
      terminalFontSize: 13,
      closeToTray: true,
      notifications: { oom: true },
    });
    expect(s.get().language).toBeUndefined();
    await s.update({ theme: 'dark', language: 'zh-CN', terminalFontSize: 16 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      theme: 'dark',
      language: 'zh-CN',
      terminalFontSize: 16,
    });
    const again = new SettingsService(file);
    expect(again.get()).toMatchObject({ theme: 'dark', language: 'zh-CN', terminalFontSize: 16 });
    await again.update({ language: undefined });
    expect(new SettingsService(file).get().language).toBeUndefined();
  });

  it('changes only what a patch names', async () => {
    const s = new SettingsService();
    await s.update({
      theme: 'dark',
      terminalFontSize: 20,
      engines: [{ id: 'user:abcd', name: 'x', host: 'tcp://127.0.0.1:2375' }],
    });
    await s.update({ language: 'zh-CN' });
    await s.update({ activeEngine: 'default' });
    expect(s.get()).toMatchObject({ theme: 'dark', terminalFontSize: 20, language: 'zh-CN', activeEngine: 'default' });
    expect(s.get().engines).toHaveLength(1);
  });

  it('refuses invalid values and keeps the file as it was', async () => {
    const file = join(tmp(), 'settings.json');
    const s = new SettingsService(file);
    await s.update({ theme: 'light' });
    const before = readFileSync(file, 'utf8');
    await expect(s.update({ terminalFontSize: 400 } as never)).rejects.toThrow();
    await expect(s.update({ theme: 'neon' } as never)).rejects.toThrow();
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(s.get().theme).toBe('light');
  });

  it('keeps a corrupt file aside and falls back to defaults', () => {
    const dir = tmp();
    const file = join(dir, 'settings.json');
    writeFileSync(file, '{"theme": "dark", trunc');
    const s = new SettingsService(file);
    expect(s.get().theme).toBe('system');
    expect(readdirSync(dir).some((f) => f.startsWith('settings.json.corrupt-'))).toBe(true);
  });

  it('writes atomically: many concurrent updates leave valid JSON and no temp files', async () => {
    const dir = tmp();
    const file = join(dir, 'settings.json');
    const s = new SettingsService(file);
    await Promise.all(Array.from({ length: 50 }, (_, i) => s.update({ terminalFontSize: 8 + (i % 20) })));
    await s.flush();
    expect(() => JSON.parse(readFileSync(file, 'utf8'))).not.toThrow();
    expect(JSON.parse(readFileSync(file, 'utf8')).terminalFontSize).toBe(s.get().terminalFontSize);
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('writeFileAtomic replaces content whole', async () => {
    const file = join(tmp(), 'x.json');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, 'two');
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(existsSync(file)).toBe(true);
  });

  it('lives in memory without a file, and web mode uses XDG_CONFIG_HOME', async () => {
    const s = new SettingsService();
    await s.update({ theme: 'dark' });
    expect(s.get().theme).toBe('dark');
    expect(defaultSettingsFile({ XDG_CONFIG_HOME: '/x' })).toBe('/x/berth/settings.json');
  });
});
