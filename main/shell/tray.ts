import { join } from 'node:path';
import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import type { Backend } from '../backend';
import type { ContainerSummary } from '../../preload/contract/containers.contract';
import type { OperationEnd } from '../services/operations.service';
import { languageFromLocale, translator, type Translate } from './main-messages';
import { menuLabel } from './native-text';
import { notificationFor, notificationForOperation, type DesktopNotification } from './notifications';
import { buildTrayMenu, trayIconState, type TrayAction, type TrayItem, type TrayState } from './tray-menu';

export interface TrayDeps {
  createTray(image: NativeImage): Tray;
  buildMenu(template: MenuItemConstructorOptions[]): Menu;
  image(file: string): NativeImage;
  notify(n: DesktopNotification): void;
  platform: NodeJS.Platform;
  locale: string;
  assetsDir: string;
  /** Window-side actions (open the window, navigate, confirm, quit). */
  act(action: TrayAction): void;
}

/** Electron menu template from the pure model (no label of ours means a mnemonic: every `&` is literal). */
export function toTemplate(items: TrayItem[], onAction: (a: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((i) => {
    if (i.type === 'separator') return { type: 'separator' };
    const item: MenuItemConstructorOptions = { label: menuLabel(i.label ?? ''), enabled: i.enabled ?? true };
    if (i.type === 'radio') Object.assign(item, { type: 'radio', checked: !!i.checked });
    if (i.submenu) item.submenu = toTemplate(i.submenu, onAction);
    const action = i.action;
    if (action) item.click = () => onAction(action);
    return item;
  });
}

export function trayIconFile(
  assetsDir: string,
  platform: NodeJS.Platform,
  state: ReturnType<typeof trayIconState>,
): string {
  // macOS picks the @2x variant by itself and tints template images for light/dark menu bars.
  if (platform === 'darwin') return join(assetsDir, 'tray', `tray-${state}Template.png`);
  return join(assetsDir, 'tray', `tray-${state}-${platform === 'win32' ? 16 : 24}.png`);
}

/**
 * The tray: rebuilt from live state (engine status and container change
 * notices; no polling), its container actions calling services directly so
 * they work with the window closed.
 */
export class TrayController {
  private tray: Tray | undefined;
  private state: TrayState = { engine: undefined, containers: [] };
  private timer: NodeJS.Timeout | undefined;
  private readonly off: (() => void)[] = [];
  private t: Translate;

  constructor(
    private readonly backend: Backend,
    private readonly deps: TrayDeps,
  ) {
    const lang = backend.services.settings.get().language ?? languageFromLocale(deps.locale);
    this.t = translator(lang);
  }

  start(): void {
    this.state.engine = this.backend.engine.status;
    this.tray = this.deps.createTray(
      this.deps.image(trayIconFile(this.deps.assetsDir, this.deps.platform, 'disconnected')),
    );
    this.off.push(
      this.backend.subscribe((name, payload) => {
        if (name === 'engine.status') {
          this.state.engine = payload as TrayState['engine'];
          this.schedule(0);
        } else if (name === 'containers.changed') this.schedule(250);
        else if (name === 'settings.changed') {
          const lang = (payload as { language?: 'en' | 'zh-CN' }).language ?? languageFromLocale(this.deps.locale);
          this.t = translator(lang);
          this.render();
        }
      }),
    );
    const onEvent = (ev: Parameters<typeof notificationFor>[0]) => {
      const n = notificationFor(ev, this.backend.services.settings.get(), this.t);
      if (n) this.deps.notify(n);
    };
    this.backend.engine.on('event', onEvent);
    this.off.push(() => this.backend.engine.off('event', onEvent));
    const ops = this.backend.services.operations;
    const onOps = (running: number) => {
      this.state.busy = running;
      this.render();
    };
    const onOpEnded = (end: OperationEnd) => {
      const n = notificationForOperation(end, this.backend.services.settings.get(), this.t);
      if (n) this.deps.notify(n);
    };
    ops.on('change', onOps);
    ops.on('ended', onOpEnded);
    this.off.push(() => {
      ops.off('change', onOps);
      ops.off('ended', onOpEnded);
    });
    this.schedule(0);
  }

  /** Coalesce bursts of change notices into one re-list and one menu rebuild. */
  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delayMs);
  }

  private async refresh(): Promise<void> {
    // A list asked of the engine switched away from must not land in the new engine's menu.
    const generation = this.state.engine?.generation;
    if (this.state.engine?.state === 'connected') {
      try {
        const containers = await this.backend.services.containers.list({});
        if (this.state.engine?.generation !== generation) return;
        this.state.containers = containers;
      } catch {
        if (this.state.engine?.generation !== generation) return;
        this.state.containers = [];
      }
    } else this.state.containers = [];
    try {
      const engines = await this.backend.services.engines.list({ probe: false });
      this.state.engines = engines.map((e) => ({ id: e.id, name: e.name, active: e.active }));
    } catch {
      this.state.engines = [];
    }
    this.render();
  }

  private render(): void {
    if (!this.tray) return;
    const items = buildTrayMenu(this.state, this.t);
    this.tray.setContextMenu(this.deps.buildMenu(toTemplate(items, (a) => this.onAction(a))));
    this.tray.setImage(
      this.deps.image(trayIconFile(this.deps.assetsDir, this.deps.platform, trayIconState(this.state))),
    );
    const engine = [items[0]?.label, this.state.busy ? this.t('busy', { count: this.state.busy }) : undefined]
      .filter(Boolean)
      .join(' · ');
    this.tray.setToolTip(this.t('trayTooltip', { engine }));
  }

  private onAction(action: TrayAction): void {
    if (action.kind === 'engine') {
      this.backend.services.engines
        .activate({ id: action.id })
        .catch((err: unknown) =>
          this.deps.notify({ title: this.t('switchEngine'), body: String((err as Error)?.message ?? err) }),
        );
      return;
    }
    if (action.kind === 'container') {
      const svc = this.backend.services.containers;
      const run =
        action.verb === 'stop'
          ? svc.stop({ id: action.id })
          : action.verb === 'restart'
            ? svc.restart({ id: action.id })
            : svc.start({ id: action.id });
      run.catch((err: unknown) =>
        this.deps.notify({ title: this.t(action.verb), body: String((err as Error)?.message ?? err) }),
      );
      return;
    }
    this.deps.act(action);
  }

  /** Stopped containers a tray prune would remove. */
  stoppedContainers(): ContainerSummary[] {
    return this.state.containers.filter((c) => c.state === 'exited' || c.state === 'created' || c.state === 'dead');
  }

  get translate(): Translate {
    return this.t;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const f of this.off.splice(0)) f();
    this.tray?.destroy();
    this.tray = undefined;
  }
}
