import type { EventName, EventPayload } from '../preload/contract/index';
import { EngineConnection, type EngineConnectionOptions } from './engine/engine-connection';
import { createDispatcher, type Dispatch, type Handlers } from './rpc/dispatcher';
import { ChangeNotifier } from './services/change-notifier';
import { ContainersService } from './services/containers.service';
import { containersHandlers } from './rpc/handlers/containers.handlers';
import { systemHandlers } from './rpc/handlers/system.handlers';
import { settingsHandlers } from './rpc/handlers/settings.handlers';
import { enginesHandlers } from './rpc/handlers/engines.handlers';
import { EnginesService, type EnginesOptions } from './services/engines.service';
import { SettingsService } from './services/settings.service';
import { StreamHub, type StreamHandlers } from './rpc/streams';
import { LogsService } from './services/logs.service';

export type BackendListener = <K extends EventName>(name: K, payload: EventPayload<K>) => void;

export interface Backend {
  readonly engine: EngineConnection;
  readonly services: { containers: ContainersService; settings: SettingsService; engines: EnginesService };
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
}

export function createBackend(opts: BackendOptions = {}): Backend {
  const settings = new SettingsService(opts.settingsFile);
  const engine = new EngineConnection({
    ...opts,
    endpoint: opts.endpoint ?? EnginesService.initialEndpoint(settings, opts.engines),
  });
  const enginesSvc = new EnginesService(engine, settings, opts.engines);
  const containers = new ContainersService(engine);
  const logs = new LogsService(engine);
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
  });
  engine.on('event', (ev) => notifier.onEngineEvent(ev));
  engine.on('status', (status) => emit('engine.status', status));
  settings.on('changed', (s) => emit('settings.changed', s));

  // One line per domain; the type insists that every contract call is handled.
  const handlers: Handlers = {
    ...systemHandlers(engine),
    ...settingsHandlers(settings),
    ...enginesHandlers(enginesSvc),
    ...containersHandlers(containers),
  };

  // One line per stream; the type insists that every contract stream is handled.
  const streamHandlers: StreamHandlers = {
    'containers.logs': (i, sink) => logs.open(i, sink),
  };
  const streams = new StreamHub(streamHandlers);

  return {
    engine,
    streams,
    services: { containers, settings, engines: enginesSvc },
    dispatch: createDispatcher(handlers),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start: () => engine.start(),
    async dispose() {
      await streams.disposeAll();
      notifier.dispose();
      engine.stop();
      listeners.clear();
    },
  };
}
