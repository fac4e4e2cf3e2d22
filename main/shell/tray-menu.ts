import type { ContainerSummary } from '../../preload/contract/containers.contract';
import type { EngineStatus } from '../../preload/contract/system.contract';
import type { Translate } from './main-messages';
import { plainText } from './native-text';

/** What a tray item does; the shell maps it to a service call or a window action. */
export type TrayAction =
  | { kind: 'open' }
  | { kind: 'container'; verb: 'start' | 'stop' | 'restart'; id: string }
  | { kind: 'navigate'; to: 'logs' | 'terminal'; id: string }
  | { kind: 'navigate'; to: 'run' | 'pull' }
  | { kind: 'prune' }
  | { kind: 'engine'; id: string }
  | { kind: 'quit' };

export interface TrayItem {
  label?: string;
  type?: 'normal' | 'separator' | 'submenu' | 'radio';
  enabled?: boolean;
  checked?: boolean;
  submenu?: TrayItem[];
  action?: TrayAction;
}

export interface TrayState {
  engine: EngineStatus | undefined;
  containers: ContainerSummary[];
  /** Configured engines, when more than one. */
  engines?: { id: string; name: string; active: boolean }[];
  /** How many long operations (pull, push, build) are running; the icon shows busy while any is. */
  busy?: number;
}

export type TrayIconState = 'connected' | 'disconnected' | 'busy';

export const MAX_RUNNING = 15;
export const MAX_STOPPED = 5;

export function trayIconState(state: TrayState): TrayIconState {
  if (state.engine?.state !== 'connected') return 'disconnected';
  return state.busy ? 'busy' : 'connected';
}

function busyLine(state: TrayState, t: Translate): TrayItem[] {
  return state.busy ? [{ label: t('busy', { count: state.busy }), enabled: false }] : [];
}

function engineLine(engine: EngineStatus | undefined, t: Translate): string {
  const state =
    engine?.state === 'connected'
      ? t('engineConnected', { version: plainText(engine.engineVersion ?? '?', 40) })
      : engine?.state === 'disconnected'
        ? t('engineDisconnected')
        : t('engineConnecting');
  // The active engine, named (issue 8: shown everywhere, the tray included).
  return engine?.engineName ? t('engineNamed', { name: plainText(engine.engineName, 60), state }) : state;
}

/**
 * The tray menu as a pure function of the live state: unit-tested without
 * Electron; the shell only renders it. Names from the engine and the user
 * are plain one-line text here (no control or bidi characters, bounded);
 * toTemplate escapes `&` for Electron.
 */
export function buildTrayMenu(state: TrayState, t: Translate): TrayItem[] {
  const connected = state.engine?.state === 'connected';
  const running = state.containers
    .filter((c) => c.state === 'running' || c.state === 'restarting' || c.state === 'paused')
    .sort((a, b) => a.name.localeCompare(b.name));
  const stopped = state.containers
    .filter((c) => c.state === 'exited' || c.state === 'created' || c.state === 'dead')
    .sort((a, b) => b.created - a.created)
    .slice(0, MAX_STOPPED);

  const items: TrayItem[] = [
    { label: engineLine(state.engine, t), enabled: false },
    ...busyLine(state, t),
    { type: 'separator' },
  ];

  if (connected) {
    if (running.length === 0) items.push({ label: t('noneRunning'), enabled: false });
    else {
      items.push({ label: t('running', { count: running.length }), enabled: false });
      for (const c of running.slice(0, MAX_RUNNING)) {
        items.push({
          label: plainText(c.name),
          type: 'submenu',
          submenu: [
            { label: t('stop'), action: { kind: 'container', verb: 'stop', id: c.id } },
            { label: t('restart'), action: { kind: 'container', verb: 'restart', id: c.id } },
            { type: 'separator' },
            { label: t('openLogs'), action: { kind: 'navigate', to: 'logs', id: c.id } },
            { label: t('openTerminal'), action: { kind: 'navigate', to: 'terminal', id: c.id } },
          ],
        });
      }
      if (running.length > MAX_RUNNING) {
        items.push({ label: t('more', { count: running.length - MAX_RUNNING }), action: { kind: 'open' } });
      }
    }
    if (stopped.length) {
      items.push({
        label: t('recentlyStopped'),
        type: 'submenu',
        submenu: stopped.map((c) => ({
          label: plainText(c.name),
          action: { kind: 'container', verb: 'start', id: c.id },
        })),
      });
    }
    items.push({ type: 'separator' });
  }

  items.push(
    { label: t('openBerth'), action: { kind: 'open' } },
    { label: t('runContainer'), enabled: connected, action: { kind: 'navigate', to: 'run' } },
    { label: t('pullImage'), enabled: connected, action: { kind: 'navigate', to: 'pull' } },
    { label: t('prune'), enabled: connected, action: { kind: 'prune' } },
  );
  if (state.engines && state.engines.length > 1) {
    items.push({
      label: t('switchEngine'),
      type: 'submenu',
      submenu: state.engines.map((e) => ({
        label: plainText(e.name),
        type: 'radio',
        checked: e.active,
        action: { kind: 'engine', id: e.id },
      })),
    });
  }
  items.push({ type: 'separator' }, { label: t('quit'), action: { kind: 'quit' } });
  return items;
}
