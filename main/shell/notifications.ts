import type { Settings } from '../../preload/contract/settings.contract';
import type { EngineEvent } from '../engine/engine-connection';
import type { Translate } from './main-messages';
import { escapeMarkup, plainText } from './native-text';

export interface DesktopNotification {
  title: string;
  body: string;
  /** The container it is about (clicking opens it). */
  containerId?: string;
}

/**
 * Which engine events deserve a desktop notification, as a pure function of
 * the event and the user's settings: a non-zero exit, an OOM kill, a failing
 * health check. Names come from the engine and are shown as plain text.
 */
export function notificationFor(ev: EngineEvent, settings: Settings, t: Translate): DesktopNotification | undefined {
  if (ev.Type !== 'container') return undefined;
  const attrs = ev.Actor?.Attributes ?? {};
  const name = plainText(attrs.name ?? (ev.Actor?.ID ?? '').slice(0, 12), 64);
  const containerId = ev.Actor?.ID;
  const base = containerId ? { containerId } : {};
  if (ev.Action === 'die' && settings.notifications.containerExit) {
    const code = Number(attrs.exitCode ?? '0');
    // 137/143 after a user's stop or kill are not news; the engine marks neither, so only report other codes.
    if (code !== 0 && code !== 143 && code !== 137) {
      return {
        title: t('notifyExitedTitle', { name, code }),
        body: t('notifyExitedBody', { image: plainText(attrs.image ?? '', 120) }),
        ...base,
      };
    }
  }
  if (ev.Action === 'oom' && settings.notifications.oom) {
    return { title: t('notifyOomTitle', { name }), body: t('notifyOomBody'), ...base };
  }
  if (ev.Action === 'health_status: unhealthy' && settings.notifications.unhealthy) {
    return { title: t('notifyUnhealthyTitle', { name }), body: t('notifyUnhealthyBody'), ...base };
  }
  return undefined;
}

/**
 * What the shell hands to Electron's Notification: one-line plain text, and
 * on Linux a body escaped for the notification server, which reads it as
 * markup (`<b>`, `<a href>`, `<img>`; a lone `&` blanks the body on some).
 * Every notification goes through here, including the tray's error reports,
 * whose text is the engine's own message.
 */
export function nativeNotification(n: DesktopNotification, platform: NodeJS.Platform): { title: string; body: string } {
  const title = plainText(n.title, 120);
  const body = plainText(n.body, 300);
  return { title, body: platform === 'linux' ? escapeMarkup(body) : body };
}
