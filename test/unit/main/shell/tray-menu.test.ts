import { describe, expect, it } from 'vitest';
import type { ContainerSummary } from '../../../../preload/contract/containers.contract';
import type { EngineStatus } from '../../../../preload/contract/system.contract';
import { MESSAGE_TABLES, languageFromLocale, translator } from '../../../../main/shell/main-messages';
import { LONG_OPERATION_MS, notificationFor, notificationForOperation } from '../../../../main/shell/notifications';
import type { OperationEnd } from '../../../../main/services/operations.service';
import { MAX_RUNNING, buildTrayMenu, trayIconState, type TrayItem } from '../../../../main/shell/tray-menu';
import { toTemplate, trayIconFile } from '../../../../main/shell/tray';
import { Settings } from '../../../../preload/contract/settings.contract';

const t = translator('en');
const connected: EngineStatus = {
  state: 'connected',
  endpoint: 'unix:///var/run/docker.sock',
  source: 'default',
  engineVersion: '20.10.24',
  generation: 1,
};
let n = 0;
const c = (name: string, state: ContainerSummary['state'], created = ++n): ContainerSummary => ({
  id: `${name}-id`,
  name,
  image: 'busybox',
  imageId: 'sha256:x',
  command: 'sh',
  created,
  state,
  status: '',
  ports: [],
  labels: {},
});
const labels = (items: TrayItem[]) => items.map((i) => (i.type === 'separator' ? '---' : i.label));

describe('tray menu (pure)', () => {
  it('shows the engine line, running containers with their actions, recently stopped with start, and quick actions', () => {
    const menu = buildTrayMenu(
      {
        engine: connected,
        containers: [c('web', 'running'), c('db', 'running'), c('old', 'exited'), c('new', 'created')],
      },
      t,
    );
    expect(labels(menu)).toEqual([
      'Engine connected · Docker 20.10.24',
      '---',
      'Running (2)',
      'db',
      'web',
      'Recently stopped',
      '---',
      'Open Berth',
      'Run a container…',
      'Pull an image…',
      'Prune stopped containers…',
      '---',
      'Quit Berth',
    ]);
    const web = menu.find((i) => i.label === 'web')!;
    expect(web.submenu?.filter((i) => i.action).map((i) => i.action)).toEqual([
      { kind: 'container', verb: 'stop', id: 'web-id' },
      { kind: 'container', verb: 'restart', id: 'web-id' },
      { kind: 'navigate', to: 'logs', id: 'web-id' },
      { kind: 'navigate', to: 'terminal', id: 'web-id' },
    ]);
    const stopped = menu.find((i) => i.label === 'Recently stopped')!;
    // Newest first, each with start.
    expect(stopped.submenu?.map((i) => [i.label, i.action])).toEqual([
      ['new', { kind: 'container', verb: 'start', id: 'new-id' }],
      ['old', { kind: 'container', verb: 'start', id: 'old-id' }],
    ]);
  });

  it('names the active engine in its first line, in both languages', () => {
    const named = { ...connected, engineName: 'build-box' };
    expect(buildTrayMenu({ engine: named, containers: [] }, t)[0]?.label).toBe(
      'build-box — Engine connected · Docker 20.10.24',
    );
    expect(
      buildTrayMenu({ engine: { ...named, state: 'disconnected' }, containers: [] }, translator('zh-CN'))[0]?.label,
    ).toBe('build-box — 引擎已断开');
  });

  it('disconnected: says so, lists nothing and disables engine actions', () => {
    const menu = buildTrayMenu(
      { engine: { ...connected, state: 'disconnected' }, containers: [c('web', 'running')] },
      t,
    );
    expect(menu[0]?.label).toBe('Engine disconnected');
    expect(labels(menu)).not.toContain('web');
    expect(menu.find((i) => i.label === 'Run a container…')?.enabled).toBe(false);
    expect(menu.find((i) => i.label === 'Open Berth')?.enabled).toBeUndefined();
    expect(trayIconState({ engine: { ...connected, state: 'disconnected' }, containers: [] })).toBe('disconnected');
  });

  it('caps long lists and offers the rest in the window', () => {
    const many = Array.from({ length: MAX_RUNNING + 7 }, (_, i) => c(`c${String(i).padStart(2, '0')}`, 'running'));
    const menu = buildTrayMenu({ engine: connected, containers: many }, t);
    expect(menu.filter((i) => i.type === 'submenu' && i.label?.startsWith('c'))).toHaveLength(MAX_RUNNING);
    expect(menu.find((i) => i.label === '7 more…')?.action).toEqual({ kind: 'open' });
  });

  it('offers engine switching only with several engines, and shows busy in the icon state', () => {
    const engines = [
      { id: 'local', name: 'local', active: true },
      { id: 'remote', name: 'remote', active: false },
    ];
    const menu = buildTrayMenu({ engine: connected, containers: [], engines }, t);
    const sw = menu.find((i) => i.label === 'Switch engine');
    expect(sw?.submenu?.map((i) => [i.label, i.checked])).toEqual([
      ['local', true],
      ['remote', false],
    ]);
    expect(
      buildTrayMenu({ engine: connected, containers: [], engines: engines.slice(0, 1) }, t).some(
        (i) => i.label === 'Switch engine',
      ),
    ).toBe(false);
    expect(trayIconState({ engine: connected, containers: [], busy: 2 })).toBe('busy');
    expect(trayIconState({ engine: connected, containers: [], busy: 0 })).toBe('connected');
    expect(trayIconState({ engine: undefined, containers: [], busy: 1 })).toBe('disconnected');
    const busy = buildTrayMenu({ engine: connected, containers: [], busy: 2 }, t);
    expect(busy[1]).toEqual({ label: 'Working: 2 pull, push or build in progress', enabled: false });
    expect(labels(buildTrayMenu({ engine: connected, containers: [] }, t)).some((l) => l?.startsWith('Working'))).toBe(
      false,
    );
  });

  it('speaks Chinese, with every key translated', () => {
    const zh = buildTrayMenu({ engine: connected, containers: [] }, translator('zh-CN'));
    expect(zh[0]?.label).toBe('引擎已连接 · Docker 20.10.24');
    expect(labels(zh)).toContain('退出 Berth');
    expect(Object.keys(MESSAGE_TABLES.zh).sort()).toEqual(Object.keys(MESSAGE_TABLES.en).sort());
    expect(languageFromLocale('zh-TW')).toBe('zh-CN');
    expect(languageFromLocale('de-DE')).toBe('en');
  });

  it('renders to an Electron template whose clicks carry the action; icons per platform', () => {
    const clicked: unknown[] = [];
    const tpl = toTemplate(buildTrayMenu({ engine: connected, containers: [c('web', 'running')] }, t), (a) =>
      clicked.push(a),
    );
    const web = tpl.find((i) => i.label === 'web');
    const stop = (web?.submenu as { label: string; click: () => void }[]).find((i) => i.label === 'Stop');
    stop?.click();
    expect(clicked).toEqual([{ kind: 'container', verb: 'stop', id: 'web-id' }]);
    expect(tpl.some((i) => i.type === 'separator')).toBe(true);
    expect(trayIconFile('/a', 'darwin', 'connected')).toBe('/a/tray/tray-connectedTemplate.png');
    expect(trayIconFile('/a', 'linux', 'busy')).toBe('/a/tray/tray-busy-24.png');
    expect(trayIconFile('/a', 'win32', 'disconnected')).toBe('/a/tray/tray-disconnected-16.png');
  });
});

describe('notifications (pure)', () => {
  const settings = Settings.parse({});
  const ev = (Action: string, attrs: Record<string, string> = {}) => ({
    Type: 'container',
    Action,
    Actor: { ID: 'abc123', Attributes: { name: 'web', image: 'nginx', ...attrs } },
  });

  it('a non-zero exit, an OOM kill and an unhealthy check notify; a clean exit or a stop does not', () => {
    expect(notificationFor(ev('die', { exitCode: '1' }), settings, t)).toEqual({
      title: 'web exited with code 1',
      body: 'Image nginx',
      containerId: 'abc123',
    });
    expect(notificationFor(ev('oom'), settings, t)?.title).toBe('web ran out of memory');
    expect(notificationFor(ev('health_status: unhealthy'), settings, t)?.title).toBe('web is unhealthy');
    expect(notificationFor(ev('die', { exitCode: '0' }), settings, t)).toBeUndefined();
    expect(notificationFor(ev('die', { exitCode: '143' }), settings, t)).toBeUndefined();
    expect(notificationFor(ev('start'), settings, t)).toBeUndefined();
    expect(notificationFor({ Type: 'image', Action: 'pull' }, settings, t)).toBeUndefined();
  });

  it('each kind can be turned off', () => {
    const off = Settings.parse({ notifications: { containerExit: false, oom: false, unhealthy: false } });
    expect(notificationFor(ev('die', { exitCode: '1' }), off, t)).toBeUndefined();
    expect(notificationFor(ev('oom'), off, t)).toBeUndefined();
    expect(notificationFor(ev('health_status: unhealthy'), off, t)).toBeUndefined();
  });

  it('a long pull, push or build that finished or failed notifies; a quick or cancelled one does not', () => {
    const end = (over: Partial<OperationEnd> = {}): OperationEnd => ({
      kind: 'pull',
      title: 'nginx:1.27',
      outcome: 'done',
      durationMs: LONG_OPERATION_MS,
      ...over,
    });
    expect(notificationForOperation(end(), settings, t)).toEqual({
      title: 'Pulled nginx:1.27',
      body: 'It took 10 s.',
      image: 'nginx:1.27',
    });
    expect(notificationForOperation(end({ kind: 'push', durationMs: 125_000 }), settings, t)).toEqual({
      title: 'Pushed nginx:1.27',
      body: 'It took 2 min 5 s.',
    });
    expect(notificationForOperation(end({ kind: 'build', title: 'app:2' }), settings, t)?.title).toBe('Built app:2');
    const failed = notificationForOperation(
      end({ kind: 'build', outcome: 'failed', error: `step 3\n${'x'.repeat(400)}` }),
      settings,
      t,
    );
    expect(failed?.title).toBe('Building nginx:1.27 failed');
    expect(failed?.body.startsWith('step 3 xxx')).toBe(true);
    expect(failed?.body.length).toBe(200);
    expect(notificationForOperation(end({ durationMs: LONG_OPERATION_MS - 1 }), settings, t)).toBeUndefined();
    expect(notificationForOperation(end({ outcome: 'cancelled' }), settings, t)).toBeUndefined();
    expect(notificationForOperation(end(), settings, translator('zh-CN'))?.title).toBe('已拉取 nginx:1.27');
  });

  it('pull, push and build notices can each be turned off; the old single switch carries over', () => {
    const noPull = Settings.parse({ notifications: { pullFinished: false } });
    expect(
      notificationForOperation({ kind: 'pull', title: 'a', outcome: 'done', durationMs: 60_000 }, noPull, t),
    ).toBeUndefined();
    expect(
      notificationForOperation({ kind: 'push', title: 'a', outcome: 'done', durationMs: 60_000 }, noPull, t),
    ).toBeDefined();
    const old = Settings.parse({ notifications: { oom: true, longOperations: false } });
    expect(old.notifications).toMatchObject({
      pullFinished: false,
      pushFinished: false,
      buildFinished: false,
      oom: true,
    });
    expect('longOperations' in old.notifications).toBe(false);
    expect(
      Settings.parse({ notifications: { longOperations: true, pushFinished: false } }).notifications,
    ).toMatchObject({
      pullFinished: true,
      pushFinished: false,
    });
  });

  it('shows a hostile name as plain text (no markup interpretation in the payload)', () => {
    const n = notificationFor(ev('die', { exitCode: '3', name: '<img src=x onerror=alert(1)>' }), settings, t);
    expect(n?.title).toBe('<img src=x onerror=alert(1)> exited with code 3');
  });
});
