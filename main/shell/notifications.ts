import type { Settings } from '../../preload/contract/settings.contract';
import type { EngineEvent } from '../engine/engine-connection';
import type { Translate } from './main-messages';

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
  const name = attrs.name ?? (ev.Actor?.ID ?? '').slice(0, 12);
  const containerId = ev.Actor?.ID;
  const base = containerId ? { containerId } : {};
  if (ev.Action === 'die' && settings.notifications.containerExit) {
    const code = Number(attrs.exitCode ?? '0');
    // 137/143 after a user's stop or kill are not news; the engine marks neither, so only report other codes.
    if (code !== 0 && code !== 143 && code !== 137) {
      return {
        title: t('notifyExitedTitle', { name, code }),
        body: t('notifyExitedBody', { image: attrs.image ?? '' }),
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
