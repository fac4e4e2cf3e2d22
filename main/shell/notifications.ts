import type { Settings } from '../../preload/contract/settings.contract';
import type { EngineEvent } from '../engine/engine-connection';
import type { OperationEnd } from '../services/operations.service';
import type { Translate } from './main-messages';
import { escapeMarkup, plainText } from './native-text';

export interface DesktopNotification {
  title: string;
  body: string;
  /** The container it is about (clicking opens it). */
  containerId?: string;
  /** The image it is about (clicking shows it in the images panel). */
  image?: string;
}

/** A pull, push or build shorter than this ended while the user was still watching: no notification. */
export const LONG_OPERATION_MS = 10_000;

const SETTING = { pull: 'pullFinished', push: 'pushFinished', build: 'buildFinished' } as const;
const DONE = { pull: 'notifyPullDone', push: 'notifyPushDone', build: 'notifyBuildDone' } as const;
const FAILED = { pull: 'notifyPullFailed', push: 'notifyPushFailed', build: 'notifyBuildFailed' } as const;

function duration(ms: number, t: Translate): string {
  const total = Math.round(ms / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return m > 0 ? t('minutesSeconds', { m, s }) : t('seconds', { s });
}

/**
 * A long pull, push or build finished or failed: a notification, unless it was quick, cancelled (the user did
 * that), or its kind is turned off in the settings. The engine's error is shown as plain text, shortened.
 */
export function notificationForOperation(
  end: OperationEnd,
  settings: Settings,
  t: Translate,
  longMs = LONG_OPERATION_MS,
): DesktopNotification | undefined {
  if (end.outcome === 'cancelled' || end.durationMs < longMs || !settings.notifications[SETTING[end.kind]]) {
    return undefined;
  }
  const ref = end.title;
  const took = t('notifyTook', { duration: duration(end.durationMs, t) });
  if (end.outcome === 'failed') {
    const why = (end.error ?? '').replace(/\s+/g, ' ').trim();
    return { title: t(FAILED[end.kind], { ref }), body: why.length > 200 ? `${why.slice(0, 199)}…` : why || took };
  }
  return { title: t(DONE[end.kind], { ref }), body: took, ...(end.kind === 'push' ? {} : { image: ref }) };
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
