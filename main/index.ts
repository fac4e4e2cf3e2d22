/**
 * The desktop shell: a thin Electron layer (window, lifecycle, IPC) over the
 * plain-Node backend. Everything that touches the engine lives behind
 * createBackend(); web mode and the tests use the same code.
 */
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, protocol, session } from 'electron';
import { createBackend } from './backend';
import { APP_SCHEME_PRIVILEGES, registerAppProtocol } from './shell/app-protocol';
import { forwardEvents, registerIpc } from './shell/ipc';
import { APP_ORIGIN, hardenSession, hardenWebContents, secureWebPreferences } from './shell/security';

protocol.registerSchemesAsPrivileged(APP_SCHEME_PRIVILEGES);
app.enableSandbox();

export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 780,
    minWidth: 720,
    minHeight: 480,
    title: 'Berth',
    show: false,
    backgroundColor: '#1b1d22',
    webPreferences: secureWebPreferences(join(__dirname, '..', 'preload', 'index.js')),
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  const backend = createBackend();
  let win: BrowserWindow | undefined;

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('second-instance', () => {
    if (win && !win.isDestroyed()) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  void app.whenReady().then(() => {
    hardenSession(session.defaultSession);
    registerAppProtocol(protocol, join(__dirname, '..', 'renderer'));
    registerIpc(ipcMain, backend);
    backend.start();
    win = createMainWindow();
    const stop = forwardEvents(backend, win.webContents);
    win.on('closed', () => {
      stop();
      win = undefined;
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!win) win = createMainWindow();
  });
  app.on('before-quit', () => void backend.dispose());
}
