import { basename } from 'node:path';
import type { EventName, EventPayload } from '../preload/contract/index';
import { EngineConnection, type EngineConnectionOptions } from './engine/engine-connection';
import { createDispatcher, type Dispatch, type Handlers } from './rpc/dispatcher';
import { ChangeNotifier } from './services/change-notifier';
import { ContainersService } from './services/containers.service';
import { containersHandlers } from './rpc/handlers/containers.handlers';
import { systemHandlers } from './rpc/handlers/system.handlers';
import { SystemService } from './services/system.service';
import { ActivityService } from './services/activity.service';
import { settingsHandlers } from './rpc/handlers/settings.handlers';
import { enginesHandlers } from './rpc/handlers/engines.handlers';
import { EnginesService, type EnginesOptions } from './services/engines.service';
import { SettingsService } from './services/settings.service';
import { VolumesService } from './services/volumes.service';
import { volumesHandlers } from './rpc/handlers/volumes.handlers';
import { NetworksService } from './services/networks.service';
import { networksHandlers } from './rpc/handlers/networks.handlers';
import { ImagesService } from './services/images.service';
import { RegistriesService } from './services/registries.service';
import { imagesHandlers, imagesStreamHandlers } from './rpc/handlers/images.handlers';
import { registriesHandlers } from './rpc/handlers/registries.handlers';
import { StreamHub, type StreamHandlers } from './rpc/streams';
import { LogsService } from './services/logs.service';
import { TerminalService } from './services/terminal.service';
import { HostTerminalService, type HostTerminalOptions } from './services/host-terminal.service';
import { StatsService } from './services/stats.service';
import { terminalHandlers } from './rpc/handlers/terminal.handlers';
import { pinCalls, scopeStreams } from './rpc/engine-scope';
import { OperationsService } from './services/operations.service';

export type BackendListener = <K extends EventName>(name: K, payload: EventPayload<K>) => void;

export interface Backend {
  readonly engine: EngineConnection;
  readonly services: {
    containers: ContainersService;
    settings: SettingsService;
    engines: EnginesService;
    images: ImagesService;
    registries: RegistriesService;
    /** Pulls, pushes and builds in flight (the tray's busy state, the finished notices). */
    operations: OperationsService;
  };
  readonly dispatch: Dispatch;
  /** Open streams (logs, exec, attach, progress), each owned by a window or a web socket. */
  readonly streams: StreamHub;
  /** Contract events for every client (window, web sockets, tray). Returns unsubscribe. */
  subscribe(listener: BackendListener): () => void;
  start(): void;
  dispose(): Promise<void>;
}

/**
 * Everything behind the contract, in plain Node: the Electron shell, the web
 * mode and the tests all use this, unchanged.
 */
export interface BackendOptions extends EngineConnectionOptions {
  /** Where settings persist; in memory when absent (tests). */
  settingsFile?: string;
  /** Where engines are found the docker CLI's way (tests point these elsewhere). */
  engines?: EnginesOptions;
  /** The docker CLI config folder for registry credentials (default: DOCKER_CONFIG or ~/.docker); tests use a temp dir. */
  dockerConfigDir?: string;
  /** The host terminal (a full shell on the host): the desktop app turns it on; web mode only with --host-terminal. */
  hostTerminal?: HostTerminalOptions;
  /** Opens an http(s) link in the user's browser (desktop: electron's shell.openExternal). */
  openExternal?: (url: string) => Promise<void>;
  /** Berth's own log file, shown in Help > Berth's logs; absent when none could be written (then: stdout). */
  logFile?: string | undefined;
}

export function createBackend(opts: BackendOptions = {}): Backend {
  const settings = new SettingsService(opts.settingsFile);
  const engine = new EngineConnection({
    ...opts,
    endpoint: opts.endpoint ?? EnginesService.initialEndpoint(settings, opts.engines),
  });
  const enginesSvc = new EnginesService(engine, settings, opts.engines);
  const containers = new ContainersService(engine);
  const volumes = new VolumesService(engine);
  const networks = new NetworksService(engine);
  const logs = new LogsService(engine);
  const terminal = new TerminalService(engine);
  const host = new HostTerminalService(opts.hostTerminal ?? { enabled: false });
  const stats = new StatsService(engine);
  const registries = new RegistriesService(engine, opts.dockerConfigDir ? { configDir: opts.dockerConfigDir } : {});
  const images = new ImagesService(engine, registries);
  const operations = new OperationsService();
  const listeners = new Set<BackendListener>();
  const emit: BackendListener = (name, payload) => {
    for (const l of listeners) {
      try {
        l(name, payload);
      } catch (err) {
        console.error('[berth] event listener failed', err);
      }
    }
  };

  const notifier = new ChangeNotifier((kind, ids) => {
    if (kind === 'containers') emit('containers.changed', { ids });
    if (kind === 'images') emit('images.changed', { ids });
    if (kind === 'volumes') emit('volumes.changed', { ids });
    if (kind === 'networks') emit('networks.changed', { ids });
  });
  engine.on('event', (ev) => notifier.onEngineEvent(ev));
  engine.on('status', (status) => emit('engine.status', status));
  // Notices gathered from the engine switched away from must not reach the new one's lists.
  engine.on('switched', () => notifier.reset());
  settings.on('changed', (s) => emit('settings.changed', s));
  const system = new SystemService(engine, { logFile: opts.logFile });
  const activity = new ActivityService(engine, (entries) => emit('activity.appended', { entries }));

  // One line per domain; the type insists that every contract call is handled.
  const handlers: Handlers = {
    ...systemHandlers({ engine, system, activity }),
    ...settingsHandlers(settings),
    ...enginesHandlers(enginesSvc),
    ...containersHandlers(containers),
    ...imagesHandlers(images),
    ...registriesHandlers(registries),
    ...volumesHandlers(volumes),
    ...networksHandlers(networks),
    ...terminalHandlers({ terminal, host, openExternal: opts.openExternal }),
  };

  // One line per stream; the type insists that every contract stream is handled.
  const streamHandlers: StreamHandlers = {
    'containers.logs': (i, sink) => logs.open(i, sink),
    'containers.stats': (i, sink) => stats.open(i, sink),
    'terminal.exec': (i, sink) => terminal.openExec(i, sink),
    'terminal.attach': (i, sink) => terminal.openAttach(i, sink),
    'terminal.host': (i, sink) => host.open(i, sink),
    ...imagesStreamHandlers(images),
    // Pulls, pushes and builds are counted while they run (whoever started them) and reported when they end.
    'images.pull': operations.track(
      'pull',
      (i) => i.ref,
      (i, sink) => images.pull(i, sink),
    ),
    'images.push': operations.track(
      'push',
      (i) => i.ref,
      (i, sink) => images.push(i, sink),
    ),
    'images.build': operations.track(
      'build',
      (i) => i.tags[0] ?? basename(i.contextPath),
      (i, sink) => images.build(i, sink),
    ),
  };
  // Every stream but the host shell belongs to the engine it was opened on.
  const streams = new StreamHub(scopeStreams(engine, streamHandlers, ['terminal.host']));

  return {
    engine,
    streams,
    services: { containers, settings, engines: enginesSvc, images, registries, operations },
    dispatch: createDispatcher(pinCalls(engine, handlers)),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start: () => engine.start(),
    async dispose() {
      await streams.disposeAll();
      notifier.dispose();
      activity.dispose();
      engine.stop();
      listeners.clear();
    },
  };
}
