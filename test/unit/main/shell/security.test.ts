import { describe, expect, it, vi } from 'vitest';
import type { Session, WebContents } from 'electron';
import {
  APP_ORIGIN,
  hardenSession,
  hardenWebContents,
  isTrustedSender,
  secureWebPreferences,
} from '../../../../main/shell/security';
import { FakeWebContents, fakeSession, preventableEvent } from '../../helpers/fake-electron';

vi.mock('electron', () => ({}));

describe('secureWebPreferences', () => {
  it("follows Electron's security checklist", () => {
    const prefs = secureWebPreferences('/app/out/preload/index.js');
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.js',
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
    });
  });

  it('turns nothing dangerous on', () => {
    const prefs = secureWebPreferences('p') as Record<string, unknown>;
    for (const key of ['enableBlinkFeatures', 'additionalArguments', 'plugins', 'disableBlinkFeatures']) {
      expect(prefs[key], key).toBeUndefined();
    }
  });

  it('returns a fresh object per window', () => {
    const a = secureWebPreferences('a');
    const b = secureWebPreferences('b');
    expect(a).not.toBe(b);
    expect(b.preload).toBe('b');
  });
});

describe('isTrustedSender', () => {
  it('is the app:// origin', () => {
    expect(APP_ORIGIN).toBe('app://berth');
  });

  // KNOWN BUG (reported): Node's WHATWG URL (also Electron main's) gives an opaque origin "null"
  // for non-special schemes such as app:, so `new URL(frame.url).origin === APP_ORIGIN` is never
  // true and every IPC call from the real window is refused. Remove `.fails` once fixed.
  it('accepts our own page app://berth/index.html', () => {
    expect(isTrustedSender({ url: 'app://berth/index.html' })).toBe(true);
  });

  it.each([
    ['file:///index.html'],
    ['file:///app/out/renderer/index.html'],
    ['http://evil.example/'],
    ['https://berth/index.html'],
    ['app://evil/index.html'],
    ['app://berth.evil.example/index.html'],
    ['app://evil@berth.evil.example/'],
    ['data:text/html,<script>1</script>'],
    ['about:blank'],
    [''],
    ['not a url'],
  ])('rejects %j', (url) => {
    expect(isTrustedSender({ url })).toBe(false);
  });

  it('rejects a missing frame (null / undefined: the frame went away)', () => {
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
});

describe('hardenWebContents', () => {
  const harden = () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents as unknown as WebContents);
    return contents;
  };

  it.each(['will-navigate', 'will-redirect', 'will-attach-webview'])('prevents %s', (event) => {
    const contents = harden();
    const ev = preventableEvent();
    expect(contents.emit(event, ev, 'https://evil.example/')).toBe(true);
    expect(ev.preventDefault).toHaveBeenCalledTimes(1);
  });

  it('denies every window.open', () => {
    const contents = harden();
    expect(contents.setWindowOpenHandler).toHaveBeenCalledTimes(1);
    const handler = contents.setWindowOpenHandler.mock.calls[0]?.[0] as (d: { url: string }) => unknown;
    expect(handler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'app://berth/index.html' })).toEqual({ action: 'deny' });
  });
});

describe('hardenSession', () => {
  it('denies permission requests and checks', () => {
    const session = fakeSession();
    hardenSession(session as unknown as Session);

    const request = session.setPermissionRequestHandler.mock.calls[0]?.[0] as (
      wc: unknown,
      permission: string,
      cb: (granted: boolean) => void,
    ) => void;
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      request({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }

    const check = session.setPermissionCheckHandler.mock.calls[0]?.[0] as (...a: unknown[]) => boolean;
    expect(check({}, 'media', 'app://berth', {})).toBe(false);
    expect(check(null, 'clipboard-sanitized-write', 'app://berth', {})).toBe(false);
  });
});
