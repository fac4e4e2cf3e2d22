import type { Session, WebContents, WebPreferences, WebFrameMain } from 'electron';

/** The renderer's origin in the desktop app: a custom scheme, never file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'berth';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** webPreferences of every Berth window: Electron's security checklist. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/** IPC is accepted only from our own top-level page. */
export function isTrustedSender(frame: (Pick<WebFrameMain, 'url'> & { parent?: unknown }) | null | undefined): boolean {
  if (!frame) return false;
  // Only the top-level frame: no iframe may speak for the app.
  if (frame.parent) return false;
  try {
    // Node's URL gives non-special schemes the origin "null": compare scheme and host instead.
    const url = new URL(frame.url);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/** No navigation, no new windows, no webviews, whatever the page asks for. */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Deny every permission request and check (camera, notifications from the page, …). */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
