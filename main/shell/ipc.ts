import type { IpcMain, WebContents } from 'electron';
import { CALL_NAMES, EVENT_CHANNEL, callChannel } from '../../preload/contract/index';
import { BerthError } from '../../preload/contract/errors';
import type { Backend } from '../backend';
import { isTrustedSender } from './security';

/** One ipcMain handler per contract call, each checking who sent it. */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, backend: Backend): () => void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(callChannel(name), async (event, payload: unknown) => {
      if (!isTrustedSender(event.senderFrame)) {
        return { ok: false, error: new BerthError('permission_denied', 'IPC from an untrusted frame').toShape() };
      }
      return backend.dispatch(name, payload);
    });
  }
  return () => {
    for (const name of CALL_NAMES) ipcMain.removeHandler(callChannel(name));
  };
}

/** Forward contract events to a window, guarding destroyed and still-loading pages. */
export function forwardEvents(backend: Backend, contents: WebContents): () => void {
  return backend.subscribe((name, payload) => {
    if (contents.isDestroyed() || contents.isLoading()) return;
    contents.send(EVENT_CHANNEL, name, payload);
  });
}
