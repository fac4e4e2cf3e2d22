/**
 * The desktop shell: a thin Electron layer (window, tray, notifications,
 * lifecycle, IPC) over the plain-Node backend. Everything that touches the
 * engine lives behind createBackend(); web mode and the tests use the same code.
 */
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  protocol,
  session,
  Tray,
} from 'electron';
import type { NavigateRequest } from '../preload/contract/system.contract';
import { version } from '../package.json';
import { createBackend, type Backend } from './backend';
import { logUncaught, startLogFile, watchEngineStatus } from './services/log-file';
import { APP_SCHEME_PRIVILEGES, registerAppProtocol } from './shell/app-protocol';
import { forwardEvents, registerIpc } from './shell/ipc';
import { APP_ORIGIN, hardenSession, hardenWebContents, secureWebPreferences } from './shell/security';
import { nativeNotification } from './shell/notifications';
import { TrayController } from './shell/tray';
import type { TrayAction } from './shell/tray-menu';

protocol.registerSchemesAsPrivileged(APP_SCHEME_PRIVILEGES);
app.enableSandbox();

/** Tray icons: beside the app when packaged (extraResources), the repo's assets/ in development. */
const ASSETS = app.isPackaged ? process.resourcesPath : join(__dirname, '..', '..', 'assets');

export function createMainWindow(backend?: Backend): BrowserWindow {
  const bounds = backend?.services.settings.get().window;
  const win = new BrowserWindow({
    width: bounds?.width ?? 1200,
    height: bounds?.height ?? 780,
    ...(bounds?.x !== undefined && bounds?.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    minWidth: 720,
    minHeight: 480,
    title: 'Berth',
    show: false,
    backgroundColor: '#1b1d22',
    webPreferences: secureWebPreferences(join(__dirname, '..', 'preload', 'index.js')),
  });
  if (bounds?.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let backend: Backend | undefined;
  let win: BrowserWindow | undefined;
  let tray: TrayController | undefined;
  let quitting = false;

  const showWindow = (): BrowserWindow | undefined => {
    if (!backend) return undefined;
    if (!win || win.isDestroyed()) win = openWindow(backend);
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
    return win;
  };

  const navigate = (req: NavigateRequest) => {
    const w = showWindow();
    const send = () => w?.webContents.send('berth:event', 'app.navigate', req);
    if (w?.webContents.isLoading()) w.webContents.once('did-finish-load', send);
    else send();
  };

  const openWindow = (b: Backend): BrowserWindow => {
    const w = createMainWindow(b);
    const stop = forwardEvents(b, w.webContents);
    const saveBounds = () => {
      if (w.isDestroyed()) return;
      const { x, y, width, height } = w.getNormalBounds();
      void b.services.settings.update({ window: { x, y, width, height, maximized: w.isMaximized() } });
    };
    w.on('close', (event) => {
      saveBounds();
      if (!quitting && b.services.settings.get().closeToTray && tray) {
        event.preventDefault();
        w.hide();
      }
    });
    w.on('closed', () => {
      stop();
      if (win === w) win = undefined;
    });
    return w;
  };

  const onTrayAction = async (action: TrayAction) => {
    if (!backend) return;
    switch (action.kind) {
      case 'open':
        showWindow();
        break;
      case 'navigate':
        navigate(
          action.to === 'logs' || action.to === 'terminal' ? { to: action.to, id: action.id } : { to: action.to },
        );
        break;
      case 'prune': {
        const stopped = tray?.stoppedContainers() ?? [];
        const t = tray!.translate;
        const { response } = await dialog.showMessageBox({
          type: 'warning',
          title: t('pruneConfirmTitle'),
          message: t('pruneConfirmTitle'),
          detail: t('pruneConfirmBody', { count: stopped.length }),
          buttons: [t('cancel'), t('pruneConfirm')],
          defaultId: 0,
          cancelId: 0,
        });
        if (response === 1) {
          for (const c of stopped)
            await backend.services.containers.remove({ id: c.id, force: false, removeVolumes: false }).catch(() => {});
        }
        break;
      }
      case 'quit':
        quitting = true;
        app.quit();
        break;
      default:
        break;
    }
  };

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('second-instance', () => showWindow());

  void app.whenReady().then(() => {
    const log = startLogFile(
      app.getPath('logs'),
      `Berth ${version} (desktop) on ${process.platform}/${process.arch}, Electron ${process.versions.electron ?? '?'}`,
    );
    logUncaught();
    backend = createBackend({
      settingsFile: join(app.getPath('userData'), 'settings.json'),
      logFile: log.file,
    });
    watchEngineStatus(backend.engine);
    hardenSession(session.defaultSession);
    registerAppProtocol(protocol, join(__dirname, '..', 'renderer'));
    registerIpc(ipcMain, backend);
    backend.start();
    const settings = backend.services.settings;
    app.setLoginItemSettings({ openAtLogin: settings.get().startAtLogin });
    settings.on('changed', (s: { startAtLogin: boolean }) => app.setLoginItemSettings({ openAtLogin: s.startAtLogin }));
    tray = new TrayController(backend, {
      createTray: (image) => new Tray(image),
      buildMenu: (template) => Menu.buildFromTemplate(template),
      image: (file) => {
        const img = nativeImage.createFromPath(file);
        if (process.platform === 'darwin') img.setTemplateImage(true);
        return img;
      },
      notify: (n) => {
        if (!Notification.isSupported()) return;
        const notification = new Notification({ ...nativeNotification(n, process.platform), silent: false });
        if (n.containerId) notification.on('click', () => navigate({ to: 'containers', id: n.containerId }));
        else if (n.image) notification.on('click', () => navigate({ to: 'images', id: n.image }));
        notification.show();
      },
      platform: process.platform,
      locale: app.getLocale(),
      assetsDir: ASSETS,
      act: (a) => void onTrayAction(a),
    });
    tray.start();
    win = openWindow(backend);
  });

  app.on('window-all-closed', () => {
    // With a tray the app lives on; without one (or when quitting), it ends.
    if (!tray || quitting) app.quit();
  });
  app.on('activate', () => showWindow());
  app.on('before-quit', () => {
    quitting = true;
    tray?.dispose();
    void backend?.dispose();
  });
}
