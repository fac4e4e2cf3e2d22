import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CALL_NAMES, EVENT_CHANNEL, callChannel } from '../../../preload/contract/index';
import { FakeEmitter, FakeWebContents, fakeSession, preventableEvent } from '../helpers/fake-electron';
import { makeTempDir, type TempDir } from '../helpers/temp-dir';

/**
 * main/index.ts runs at import time: these fakes stand in for Electron and the
 * backend, and each test imports the module afresh.
 */
const fx = {
  windows: [] as FakeBrowserWindow[],
  ready: Promise.resolve(),
  /** Electron's logs folder (a fresh temp dir per test). */
  logs: '',
};

class FakeBrowserWindow extends FakeEmitter {
  readonly webContents = new FakeWebContents();
  readonly loadURL = vi.fn(() => Promise.resolve());
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  minimized = false;
  destroyed = false;
  readonly hide = vi.fn();
  readonly maximize = vi.fn();
  isMinimized = () => this.minimized;
  isDestroyed = () => this.destroyed;
  isMaximized = () => false;
  getNormalBounds = () => ({ x: 10, y: 20, width: 1000, height: 700 });
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
  readonly getPath = vi.fn((name: string) => (name === 'logs' ? fx.logs : '/tmp/berth-unit-userdata'));
  readonly getLocale = vi.fn(() => 'en-US');
  readonly setLoginItemSettings = vi.fn();
  readonly isPackaged = false;
}

class FakeTray {
  static instances: FakeTray[] = [];
  readonly setContextMenu = vi.fn();
  readonly setImage = vi.fn();
  readonly setToolTip = vi.fn();
  readonly destroy = vi.fn();
  constructor(readonly image: unknown) {
    FakeTray.instances.push(this);
  }
}

const electron = {
  app: new FakeApp(),
  ipcMain: { handle: vi.fn(), removeHandler: vi.fn(), on: vi.fn(), removeAllListeners: vi.fn() },
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  session: { defaultSession: fakeSession() },
  Menu: { buildFromTemplate: vi.fn((template: unknown[]) => ({ template })) },
  nativeImage: { createFromPath: vi.fn((file: string) => ({ file, setTemplateImage: vi.fn() })) },
  dialog: { showMessageBox: vi.fn(async () => ({ response: 0 })) },
  notifications: [] as { title: string; body: string }[],
};
class FakeNotification extends FakeEmitter {
  static isSupported = () => true;
  constructor(readonly opts: { title: string; body: string }) {
    super();
  }
  show() {
    electron.notifications.push(this.opts);
  }
}

const backendListeners = new Set<(name: string, payload: unknown) => void>();
const engineEvents = new FakeEmitter();
const backend = {
  engine: Object.assign(engineEvents, { status: { state: 'connected', engineVersion: '20.10', generation: 1 } }),
  services: {
    settings: Object.assign(new FakeEmitter(), {
      get: () => ({
        closeToTray: true,
        startAtLogin: false,
        notifications: {
          containerExit: true,
          oom: true,
          unhealthy: true,
          pullFinished: true,
          pushFinished: true,
          buildFinished: true,
        },
      }),
      update: vi.fn(async () => ({})),
    }),
    operations: new FakeEmitter(),
    containers: {
      list: vi.fn(async () => []),
      stop: vi.fn(async () => {}),
      start: vi.fn(async () => {}),
      restart: vi.fn(async () => {}),
    },
  },
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
  Tray: FakeTray,
  Menu: electron.Menu,
  nativeImage: electron.nativeImage,
  Notification: FakeNotification,
  dialog: electron.dialog,
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
  // main sends the console to its log file too: put it back after each test.
  const savedConsole = { ...console };
  let logsDir: TempDir | undefined;
  afterEach(() => {
    Object.assign(console, savedConsole);
    logsDir?.remove();
  });
  beforeEach(() => {
    logsDir = makeTempDir('berth-unit-logs-');
    fx.logs = logsDir.path('logs');
    vi.resetModules();
    vi.clearAllMocks();
    fx.windows.length = 0;
    FakeTray.instances.length = 0;
    electron.notifications.length = 0;
    engineEvents.removeAllListeners();
    backend.services.operations.removeAllListeners();
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
    expect(createBackend).toHaveBeenCalledWith({
      settingsFile: expect.stringMatching(/settings\.json$/),
      logFile: join(fx.logs, 'berth.log'),
    });
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

  it("writes Berth's own log into Electron's logs folder, secrets masked, and says so in Help", async () => {
    const { ready } = await loadMain();
    await ready();
    expect(electron.app.getPath).toHaveBeenCalledWith('logs');
    const file = join(fx.logs, 'berth.log');
    console.error('[berth] registry login failed for {"username":"bob","password":"hunter2"}');
    engineEvents.emit('status', {
      state: 'disconnected',
      endpoint: 'unix:///var/run/docker.sock',
      error: 'ECONNREFUSED',
    });
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/INFO {2}\[berth\] Berth \d+\.\d+\.\d+ \(desktop\)/);
    expect(text).toContain('"password":"***"');
    expect(text).not.toContain('hunter2');
    expect(text).toContain('engine unreachable: unix:///var/run/docker.sock — ECONNREFUSED');
  });

  it('forwards backend events to the window until it closes', async () => {
    const { ready } = await loadMain();
    await ready();
    const [win] = windows();
    const before = backendListeners.size; // the window's and the tray's
    for (const l of backendListeners) l('containers.changed', { ids: ['a'] });
    expect(win?.webContents.send).toHaveBeenCalledWith(EVENT_CHANNEL, 'containers.changed', { ids: ['a'] });

    win?.emit('closed');
    expect(backendListeners.size).toBe(before - 1);
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

  it('puts a tray with a menu built from live state, and notifies a non-zero exit', async () => {
    const { ready } = await loadMain();
    await ready();
    expect(FakeTray.instances).toHaveLength(1);
    const tray = FakeTray.instances[0]!;
    await vi.waitFor(() => expect(tray.setContextMenu).toHaveBeenCalled());
    const template = (tray.setContextMenu.mock.calls.at(-1)?.[0] as { template: { label?: string }[] }).template;
    expect(template[0]?.label).toMatch(/Engine connected/);
    expect(template.map((i) => i.label)).toContain('Quit Berth');
    expect(String((tray.setImage.mock.calls.at(-1)?.[0] as { file: string }).file)).toMatch(/tray-connected/);
    engineEvents.emit('event', {
      Type: 'container',
      Action: 'die',
      Actor: { ID: 'abc', Attributes: { name: 'web', exitCode: '2', image: 'x' } },
    });
    expect(electron.notifications).toEqual([{ title: 'web exited with code 2', body: 'Image x', silent: false }]);
  });

  it('shows busy in the tray while a pull, push or build runs, and notifies when a long one ends', async () => {
    const { ready } = await loadMain();
    await ready();
    const tray = FakeTray.instances[0]!;
    const icon = () => String((tray.setImage.mock.calls.at(-1)?.[0] as { file: string }).file);
    await vi.waitFor(() => expect(icon()).toMatch(/tray-connected/));
    const ops = backend.services.operations;
    ops.emit('change', 1);
    expect(icon()).toMatch(/tray-busy/);
    expect(tray.setToolTip).toHaveBeenLastCalledWith(expect.stringContaining('1 pull, push or build in progress'));
    ops.emit('ended', { kind: 'pull', title: 'nginx:1.27', outcome: 'done', durationMs: 95_000 });
    ops.emit('change', 0);
    expect(icon()).toMatch(/tray-connected/);
    expect(electron.notifications).toEqual([
      { title: 'Pulled nginx:1.27', body: 'It took 1 min 35 s.', silent: false },
    ]);
    ops.emit('ended', { kind: 'build', title: 'app:1', outcome: 'done', durationMs: 2_000 }); // quick: no notice
    expect(electron.notifications).toHaveLength(1);
  });

  it('hides to the tray on close instead of quitting, and remembers the window bounds', async () => {
    const { ready } = await loadMain();
    await ready();
    const [win] = windows();
    const ev = preventableEvent();
    win?.emit('close', ev);
    expect(ev.preventDefault).toHaveBeenCalled();
    expect(win?.hide).toHaveBeenCalled();
    expect(backend.services.settings.update).toHaveBeenCalledWith({
      window: { x: 10, y: 20, width: 1000, height: 700, maximized: false },
    });
  });
});
