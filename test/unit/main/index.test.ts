import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CALL_NAMES, EVENT_CHANNEL, callChannel } from '../../../preload/contract/index';
import { FakeEmitter, FakeWebContents, fakeSession, preventableEvent } from '../helpers/fake-electron';

/**
 * main/index.ts runs at import time: these fakes stand in for Electron and the
 * backend, and each test imports the module afresh.
 */
const fx = {
  windows: [] as FakeBrowserWindow[],
  ready: Promise.resolve(),
};

class FakeBrowserWindow extends FakeEmitter {
  readonly webContents = new FakeWebContents();
  readonly loadURL = vi.fn(() => Promise.resolve());
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  minimized = false;
  destroyed = false;
  isMinimized = () => this.minimized;
  isDestroyed = () => this.destroyed;
  constructor(readonly options: Record<string, unknown>) {
    super();
    fx.windows.push(this);
  }
}

class FakeApp extends FakeEmitter {
  readonly requestSingleInstanceLock = vi.fn(() => true);
  readonly whenReady = vi.fn(() => fx.ready);
  readonly enableSandbox = vi.fn();
  readonly quit = vi.fn();
}

const electron = {
  app: new FakeApp(),
  ipcMain: { handle: vi.fn(), removeHandler: vi.fn(), on: vi.fn(), removeAllListeners: vi.fn() },
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  session: { defaultSession: fakeSession() },
};

const backendListeners = new Set<(name: string, payload: unknown) => void>();
const backend = {
  engine: {},
  services: {},
  dispatch: vi.fn(async () => ({ ok: true, value: null })),
  subscribe: vi.fn((l: (name: string, payload: unknown) => void) => {
    backendListeners.add(l);
    return () => backendListeners.delete(l);
  }),
  start: vi.fn(),
  dispose: vi.fn(),
};
const createBackend = vi.fn(() => backend);

vi.mock('electron', () => ({
  app: electron.app,
  BrowserWindow: FakeBrowserWindow,
  ipcMain: electron.ipcMain,
  protocol: electron.protocol,
  session: electron.session,
}));
vi.mock('../../../main/backend', () => ({ createBackend }));

const windows = () => fx.windows;

async function loadMain() {
  let resolveReady!: () => void;
  fx.ready = new Promise<void>((r) => (resolveReady = r));
  const mod = await import('../../../main/index');
  expect(typeof mod.createMainWindow).toBe('function');
  return {
    ready: async () => {
      resolveReady();
      await fx.ready;
      await vi.waitFor(() => expect(windows()).toHaveLength(1));
    },
  };
}

describe('main/index.ts (desktop shell)', () => {
  beforeEach(() => {
    vi.resetModules();
    vi.clearAllMocks();
    fx.windows.length = 0;
    backendListeners.clear();
    electron.app.removeAllListeners();
    electron.app.requestSingleInstanceLock.mockReturnValue(true);
  });

  it('registers the app: scheme as privileged and enables the sandbox before ready', async () => {
    await loadMain();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    expect(electron.app.enableSandbox).toHaveBeenCalledTimes(1);
    // Nothing else happens until ready.
    expect(windows()).toHaveLength(0);
    expect(electron.protocol.handle).not.toHaveBeenCalled();
    expect(electron.ipcMain.handle).not.toHaveBeenCalled();
    expect(backend.start).not.toHaveBeenCalled();
  });

  it('on ready: hardens the session, serves app:, registers IPC, starts the backend, opens a secure window', async () => {
    const { ready } = await loadMain();
    await ready();

    const session = electron.session.defaultSession;
    expect(session.setPermissionRequestHandler).toHaveBeenCalledTimes(1);
    expect(session.setPermissionCheckHandler).toHaveBeenCalledTimes(1);
    const check = session.setPermissionCheckHandler.mock.calls[0]?.[0] as () => boolean;
    expect(check()).toBe(false);

    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));

    // one per call, plus the stream opener
    expect(electron.ipcMain.handle).toHaveBeenCalledTimes(CALL_NAMES.length + 1);
    const channels = electron.ipcMain.handle.mock.calls.map((c) => c[0] as string);
    expect(channels.sort()).toEqual([...CALL_NAMES.map((n) => callChannel(n)), 'berth:stream:open'].sort());

    expect(createBackend).toHaveBeenCalledTimes(1);
    expect(backend.start).toHaveBeenCalledTimes(1);

    const [win] = windows();
    expect(win?.options.show).toBe(false);
    expect(win?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: expect.stringMatching(/[\\/]preload[\\/]index\.js$/),
    });
    expect(win?.loadURL).toHaveBeenCalledExactlyOnceWith('app://berth/index.html');
    expect(win?.show).not.toHaveBeenCalled();
    win?.emit('ready-to-show');
    expect(win?.show).toHaveBeenCalledTimes(1);
  });

  it('forwards backend events to the window until it closes', async () => {
    const { ready } = await loadMain();
    await ready();
    const [win] = windows();
    expect(backendListeners.size).toBe(1);
    for (const l of backendListeners) l('containers.changed', { ids: ['a'] });
    expect(win?.webContents.send).toHaveBeenCalledWith(EVENT_CHANNEL, 'containers.changed', { ids: ['a'] });

    win?.emit('closed');
    expect(backendListeners.size).toBe(0);
  });

  it('hardens every web contents created later', async () => {
    await loadMain();
    const contents = new FakeWebContents();
    electron.app.emit('web-contents-created', {}, contents);
    const ev = preventableEvent();
    contents.emit('will-navigate', ev, 'https://evil.example/');
    expect(ev.preventDefault).toHaveBeenCalled();
    expect(contents.setWindowOpenHandler).toHaveBeenCalledTimes(1);
  });

  it('focuses (and restores) the existing window on a second instance', async () => {
    const { ready } = await loadMain();
    await ready();
    const [win] = windows();
    if (!win) throw new Error('no window');
    win.minimized = true;
    electron.app.emit('second-instance');
    expect(win.restore).toHaveBeenCalledTimes(1);
    expect(win.focus).toHaveBeenCalledTimes(1);
  });

  it('re-creates the window on activate after it was closed, and disposes the backend before quit', async () => {
    const { ready } = await loadMain();
    await ready();
    electron.app.emit('activate');
    expect(windows()).toHaveLength(1); // a window is open: nothing new
    windows()[0]?.emit('closed');
    electron.app.emit('activate');
    expect(windows()).toHaveLength(2);
    expect(windows()[1]?.loadURL).toHaveBeenCalledWith('app://berth/index.html');

    expect(backend.dispose).not.toHaveBeenCalled();
    electron.app.emit('before-quit');
    expect(backend.dispose).toHaveBeenCalledTimes(1);
  });

  it('quits at once when another instance holds the lock', async () => {
    electron.app.requestSingleInstanceLock.mockReturnValueOnce(false);
    await loadMain();
    expect(electron.app.quit).toHaveBeenCalledTimes(1);
    expect(createBackend).not.toHaveBeenCalled();
    expect(electron.app.whenReady).not.toHaveBeenCalled();
    expect(electron.app.listenerCount('activate')).toBe(0);
    expect(electron.app.listenerCount('web-contents-created')).toBe(0);
  });
});
