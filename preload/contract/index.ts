/**
 * The one contract between main and renderer: every call, event and stream.
 * main implements it (main/rpc), preload exposes it (preload/index.ts), the
 * renderer consumes it (renderer/src/api). Web mode carries the same contract
 * over a WebSocket. Channel names are derived from the keys, never typed twice.
 *
 * To add a call: add `'domain.verb': { input, output }` to the domain's
 * `…Calls` object, implement it in main/rpc/handlers.ts (the compiler insists),
 * and call it from the renderer with `api.call('domain.verb', input)`.
 */
import type { z } from 'zod';
import { containerStreams } from './container-streams.contract';
import { containersCalls, containersEvents } from './containers.contract';
import { settingsCalls, settingsEvents } from './settings.contract';
import { enginesCalls } from './engines.contract';
import { systemCalls, systemEvents } from './system.contract';
import { imagesCalls, imagesEvents, imagesStreams } from './images.contract';
import { registriesCalls } from './registries.contract';
import { volumesCalls, volumesEvents } from './volumes.contract';
import { networksCalls, networksEvents } from './networks.contract';
import { terminalCalls, terminalStreams } from './terminal.contract';

export const calls = {
  ...systemCalls,
  ...settingsCalls,
  ...enginesCalls,
  ...containersCalls,
  ...imagesCalls,
  ...registriesCalls,
  ...volumesCalls,
  ...networksCalls,
  ...terminalCalls,
} as const;

export const events = {
  ...systemEvents,
  ...settingsEvents,
  ...containersEvents,
  ...imagesEvents,
  ...volumesEvents,
  ...networksEvents,
} as const;

export const streams = {
  ...containerStreams,
  ...imagesStreams,
  ...terminalStreams,
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<K extends CallName> = z.input<Calls[K]['input']>;
export type ParsedInput<K extends CallName> = z.output<Calls[K]['input']>;
export type CallOutput<K extends CallName> = z.output<Calls[K]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.output<Events[K]>;

export type Streams = typeof streams;
export type StreamName = keyof Streams;
export type StreamInput<K extends StreamName> = z.input<Streams[K]['input']>;
export type ParsedStreamInput<K extends StreamName> = z.output<Streams[K]['input']>;
export type StreamFrame<K extends StreamName> = Streams[K]['frame'];

export const CALL_NAMES = Object.keys(calls) as CallName[];
export const STREAM_NAMES = Object.keys(streams) as StreamName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
}
export function isStreamName(name: unknown): name is StreamName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(streams, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/** IPC channel of a call (ipcMain.handle / ipcRenderer.invoke). */
export const callChannel = (name: CallName): string => `berth:call:${name}`;
/** The one IPC channel main pushes events on. */
export const EVENT_CHANNEL = 'berth:event';

export * from './errors';
export * from './streams';
export * from './container-streams.contract';
export * from './common';
export * from './containers.contract';
export * from './system.contract';
export * from './settings.contract';
export * from './engines.contract';
export * from './volumes.contract';
export * from './networks.contract';
export * from './images.contract';
export * from './registries.contract';
export * from './terminal.contract';
