/**
 * The bridge: built by looping over the contract, nothing else. The page
 * never gets ipcRenderer; it gets one invoker per call and one event feed.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  CALL_NAMES,
  EVENT_CHANNEL,
  STREAM_CONTROL_CHANNEL,
  STREAM_MESSAGE_CHANNEL,
  STREAM_OPEN_CHANNEL,
  callChannel,
  isEventName,
  type StreamMessage,
} from './contract/index';
import type { BerthBridge, EventListener } from './contract/bridge';

const calls = Object.fromEntries(
  CALL_NAMES.map((name) => [name, (input: unknown) => ipcRenderer.invoke(callChannel(name), input)]),
) as unknown as BerthBridge['calls'];

const bridge: BerthBridge = {
  calls,
  subscribe(listener: EventListener) {
    const handler = (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (isEventName(name)) listener(name, payload as never);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
  openStream: (name, input) => ipcRenderer.invoke(STREAM_OPEN_CHANNEL, name, input),
  controlStream: (sid, msg) => ipcRenderer.send(STREAM_CONTROL_CHANNEL, sid, msg),
  subscribeStreams(listener) {
    const handler = (_event: IpcRendererEvent, sid: string, msg: StreamMessage) => listener(sid, msg);
    ipcRenderer.on(STREAM_MESSAGE_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(STREAM_MESSAGE_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('berth', bridge);
