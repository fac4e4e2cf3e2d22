import type { IpcMain, WebContents } from 'electron';
import {
  CALL_NAMES,
  EVENT_CHANNEL,
  STREAM_CONTROL_CHANNEL,
  STREAM_MESSAGE_CHANNEL,
  STREAM_OPEN_CHANNEL,
  callChannel,
} from '../../preload/contract/index';
import { BerthError } from '../../preload/contract/errors';
import type { Backend } from '../backend';
import { isTrustedSender } from './security';

/** One ipcMain handler per contract call, each checking who sent it. */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler' | 'on'> & Partial<Pick<IpcMain, 'removeAllListeners'>>,
  backend: Backend,
): () => void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(callChannel(name), async (event, payload: unknown) => {
      if (!isTrustedSender(event.senderFrame)) {
        return { ok: false, error: new BerthError('permission_denied', 'IPC from an untrusted frame').toShape() };
      }
      return backend.dispatch(name, payload);
    });
  }
  registerStreamIpc(ipcMain, backend);
  return () => {
    for (const name of CALL_NAMES) ipcMain.removeHandler(callChannel(name));
    ipcMain.removeHandler(STREAM_OPEN_CHANNEL);
    ipcMain.removeAllListeners?.(STREAM_CONTROL_CHANNEL);
  };
}

/**
 * Streams over IPC: opened by invoke, fed by one-way control messages, their
 * frames sent back to the window that opened them. A window that goes away
 * takes its sessions with it.
 */
function registerStreamIpc(ipcMain: Pick<IpcMain, 'handle' | 'on'>, backend: Backend): void {
  const watched = new WeakSet<WebContents>();
  ipcMain.handle(STREAM_OPEN_CHANNEL, async (event, name: unknown, payload: unknown) => {
    if (!isTrustedSender(event.senderFrame)) {
      return { ok: false, error: new BerthError('permission_denied', 'IPC from an untrusted frame').toShape() };
    }
    const contents = event.sender;
    const owner = `wc:${contents.id}`;
    if (!watched.has(contents)) {
      watched.add(contents);
      contents.once('destroyed', () => void backend.streams.releaseOwner(owner));
    }
    return backend.streams.open(owner, name, payload, (sid, msg) => {
      if (!contents.isDestroyed()) contents.send(STREAM_MESSAGE_CHANNEL, sid, msg);
    });
  });
  ipcMain.on(STREAM_CONTROL_CHANNEL, (event, sid: unknown, msg: unknown) => {
    if (!isTrustedSender(event.senderFrame)) return;
    backend.streams.control(`wc:${event.sender.id}`, sid, msg);
  });
}

/** Forward contract events to a window, guarding destroyed and still-loading pages. */
export function forwardEvents(backend: Backend, contents: WebContents): () => void {
  return backend.subscribe((name, payload) => {
    if (contents.isDestroyed() || contents.isLoading()) return;
    contents.send(EVENT_CHANNEL, name, payload);
  });
}
