/**
 * The bridge: built by looping over the contract, nothing else. The page
 * never gets ipcRenderer; it gets one invoker per call and one event feed.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CALL_NAMES, EVENT_CHANNEL, callChannel, isEventName } from './contract/index';
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
};

contextBridge.exposeInMainWorld('berth', bridge);
