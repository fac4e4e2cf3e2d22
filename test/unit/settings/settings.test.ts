import { describe, expect, it, vi } from 'vitest';
import { BerthError } from '../../../preload/contract/errors';
import { Settings, SettingsPatch } from '../../../preload/contract/settings.contract';
import { decodeWire, encodeWire } from '../../../preload/contract/wire';
import { SettingsService } from '../../../main/services/settings.service';
import { createSettingsStore } from '../../../renderer/src/stores/settings.store';
import type { ApiClient } from '../../../renderer/src/api/client';

const memoryStorage = () => {
  const m = new Map<string, string>();
  const s = {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k: string) => m.get(k) ?? null,
    key: (i: number) => [...m.keys()][i] ?? null,
    removeItem: (k: string) => void m.delete(k),
    setItem: (k: string, v: string) => void m.set(k, v),
    raw: m,
  };
  return s;
};

/** A client whose settings calls are answered by a real SettingsService (what main does). */
function fakeMain(service = new SettingsService()) {
  const call = vi.fn(async (name: string, input?: unknown) => {
    // Through the web mode's JSON wire, as in a browser.
    const wired = decodeWire(encodeWire(input ?? {}));
    if (name === 'settings.get') return service.get();
    if (name === 'settings.update') return service.update(SettingsPatch.parse(wired));
    throw new Error(`unexpected ${name}`);
  });
  return { api: { call } as unknown as ApiClient, call, service };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('settings store: main keeps them, the renderer follows', () => {
  it('loads language, theme and command hints from main', async () => {
    const { api, service } = fakeMain();
    await service.update({ language: 'zh-CN', theme: 'dark', commandHints: false });
    const store = createSettingsStore(memoryStorage);
    store.getState().bind(api);
    await store.getState().load();
    expect(store.getState()).toMatchObject({ language: 'zh-CN', theme: 'dark', commandHints: false, status: 'ready' });
    expect(store.getState().main?.terminalFontSize).toBe(13);
  });

  it('changes show at once and are saved in main; "system" language reaches main through JSON', async () => {
    const { api, call, service } = fakeMain();
    const store = createSettingsStore(memoryStorage);
    store.getState().bind(api);
    await store.getState().load();
    store.getState().setTheme('light');
    expect(store.getState().theme).toBe('light'); // before main answered
    store.getState().setLanguage('zh-CN');
    await settle();
    await vi.waitFor(() => expect(store.getState().saving).toBe(0));
    expect(service.get()).toMatchObject({ theme: 'light', language: 'zh-CN' });
    store.getState().setLanguage(undefined);
    expect(call).toHaveBeenLastCalledWith('settings.update', { language: null });
    await vi.waitFor(() => expect(store.getState().saving).toBe(0));
    expect(service.get().language).toBeUndefined();
    expect(store.getState().language).toBeUndefined();
    store.getState().setCommandHints(false);
    await vi.waitFor(() => expect(service.get().commandHints).toBe(false));
  });

  it('follows settings.changed from another window, unless its own change is in flight', async () => {
    const { api } = fakeMain();
    const store = createSettingsStore(memoryStorage);
    store.getState().bind(api);
    await store.getState().load();
    const other = Settings.parse({ theme: 'dark', language: 'en', commandHints: false });
    store.getState().apply(other);
    expect(store.getState()).toMatchObject({ theme: 'dark', language: 'en', commandHints: false });
  });

  it('puts back what main has when main refuses a change, and keeps the error', async () => {
    const { api, call } = fakeMain();
    const store = createSettingsStore(memoryStorage);
    store.getState().bind(api);
    await store.getState().load();
    call.mockImplementationOnce(async () => {
      throw new BerthError('invalid_input', 'no');
    });
    await store.getState().update({ theme: 'dark' });
    expect(store.getState().theme).toBe('system');
    expect(store.getState().error?.code).toBe('invalid_input');
  });

  it('keeps only UI state and a first-paint cache in this browser', async () => {
    const storage = memoryStorage();
    const { api } = fakeMain();
    const store = createSettingsStore(() => storage);
    store.getState().bind(api);
    await store.getState().load();
    store.getState().setShowAllContainers(false);
    await store.getState().update({ theme: 'dark', terminalFontSize: 20 });
    const saved = JSON.parse(storage.raw.get('berth.settings') ?? '{}') as { state: Record<string, unknown> };
    // Main's own fields stay in main; only UI state and the language/theme first-paint cache are here.
    for (const k of ['main', 'commandHints', 'status', 'error', 'saving']) expect(saved.state).not.toHaveProperty(k);
    expect(saved.state).toMatchObject({ showAllContainers: false, theme: 'dark' });
  });

  it('works unbound (tests, before start-up): local only', async () => {
    const store = createSettingsStore(memoryStorage);
    await store.getState().update({ theme: 'dark' });
    expect(store.getState().theme).toBe('dark');
    await store.getState().load();
    expect(store.getState().status).toBe('idle');
  });
});

describe('settings patches through the dispatcher', () => {
  it('a patch changes only what it names (parsing fills in no defaults)', async () => {
    const { createBackend } = await import('../../../main/backend');
    const b = createBackend();
    try {
      await b.dispatch('settings.update', { commandHints: false, terminalFontSize: 20, closeToTray: false });
      const r = (await b.dispatch('settings.update', { theme: 'dark' })) as { ok: boolean; value: Settings };
      expect(r.ok).toBe(true);
      expect(r.value).toMatchObject({ theme: 'dark', commandHints: false, terminalFontSize: 20, closeToTray: false });
      expect(SettingsPatch.parse({})).toEqual({});
    } finally {
      await b.dispose();
    }
  });

  it('every setting can be patched', () => {
    expect(Object.keys(SettingsPatch.shape).sort()).toEqual(Object.keys(Settings.shape).sort());
  });
});

describe('settings patch over the web wire', () => {
  it('carries "follow the system" as null (undefined does not survive JSON)', async () => {
    expect(decodeWire(encodeWire({ language: undefined }))).toEqual({});
    const s = new SettingsService();
    await s.update({ language: 'en', theme: 'dark' });
    const wired = SettingsPatch.parse(decodeWire(encodeWire({ language: null })));
    const next = await s.update(wired);
    expect(next.language).toBeUndefined();
    expect(next.theme).toBe('dark'); // untouched
    expect(SettingsPatch.safeParse({ language: 'fr' }).success).toBe(false);
  });
});
