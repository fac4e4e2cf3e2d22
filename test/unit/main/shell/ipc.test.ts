import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { IpcMain, WebContents } from 'electron';
import type { Backend, BackendListener } from '../../../../main/backend';
import { forwardEvents, registerIpc } from '../../../../main/shell/ipc';
import { isTrustedSender } from '../../../../main/shell/security';
import type * as SecurityModule from '../../../../main/shell/security';
import {
  CALL_NAMES,
  EVENT_CHANNEL,
  STREAM_CONTROL_CHANNEL,
  STREAM_OPEN_CHANNEL,
  callChannel,
} from '../../../../preload/contract/index';
import { FakeWebContents } from '../../helpers/fake-electron';

vi.mock('electron', () => ({}));

// The real check, wrapped so that a test can stand in for it (see the known bug in security.test.ts).
vi.mock('../../../../main/shell/security', async (importOriginal) => {
  const actual = await importOriginal<typeof SecurityModule>();
  return { ...actual, isTrustedSender: vi.fn(actual.isTrustedSender) };
});

type Handler = (event: { senderFrame: { url: string } | null }, payload: unknown) => Promise<unknown>;

function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  const ipc = {
    handle: vi.fn((channel: string, h: Handler) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, h);
    }),
    removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
    on: vi.fn(),
    removeAllListeners: vi.fn(),
  };
  return { ipc, handlers };
}

function fakeBackend() {
  const listeners = new Set<BackendListener>();
  const backend = {
    dispatch: vi.fn(async (name: unknown) => ({ ok: true as const, value: `answer to ${String(name)}` })),
    subscribe: vi.fn((l: BackendListener) => {
      listeners.add(l);
      return () => listeners.delete(l);
    }),
  };
  const emit: BackendListener = (name, payload) => {
    for (const l of listeners) l(name, payload);
  };
  return { backend, asBackend: backend as unknown as Backend, listeners, emit };
}

describe('registerIpc', () => {
  beforeEach(() => {
    vi.mocked(isTrustedSender).mockClear();
  });

  it('registers one handler per contract call, on its derived channel', () => {
    const { ipc, handlers } = fakeIpcMain();
    registerIpc(ipc as unknown as IpcMain, fakeBackend().asBackend);
    expect(ipc.handle).toHaveBeenCalledTimes(CALL_NAMES.length + 1);
    expect([...handlers.keys()].sort()).toEqual([...CALL_NAMES.map((n) => callChannel(n)), STREAM_OPEN_CHANNEL].sort());
    expect(ipc.on).toHaveBeenCalledWith(STREAM_CONTROL_CHANNEL, expect.any(Function));
    expect(callChannel('containers.start')).toBe('berth:call:containers.start');
  });

  it('the returned disposer removes every handler', () => {
    const { ipc, handlers } = fakeIpcMain();
    const dispose = registerIpc(ipc as unknown as IpcMain, fakeBackend().asBackend);
    dispose();
    expect(handlers.size).toBe(0);
    expect(ipc.removeHandler).toHaveBeenCalledTimes(CALL_NAMES.length + 1);
  });

  it.each([
    [{ url: 'file:///etc/index.html' }],
    [{ url: 'http://evil.example/' }],
    [{ url: 'app://evil/index.html' }],
    [null],
  ])('refuses a call from an untrusted frame %j without dispatching', async (senderFrame) => {
    const { ipc, handlers } = fakeIpcMain();
    const { backend, asBackend } = fakeBackend();
    registerIpc(ipc as unknown as IpcMain, asBackend);
    for (const name of CALL_NAMES) {
      const result = await handlers.get(callChannel(name))?.({ senderFrame }, { id: 'abc' });
      expect(result).toEqual({ ok: false, error: { code: 'permission_denied', message: expect.any(String) } });
    }
    expect(backend.dispatch).not.toHaveBeenCalled();
  });

  it('asks the sender check about event.senderFrame and forwards a trusted call to dispatch', async () => {
    const { ipc, handlers } = fakeIpcMain();
    const { backend, asBackend } = fakeBackend();
    registerIpc(ipc as unknown as IpcMain, asBackend);
    for (const name of CALL_NAMES) {
      const senderFrame = { url: 'app://berth/index.html' };
      vi.mocked(isTrustedSender).mockReturnValueOnce(true);
      const payload = { id: 'abc', nested: { n: 1 } };
      const result = await handlers.get(callChannel(name))?.({ senderFrame }, payload);
      expect(isTrustedSender).toHaveBeenLastCalledWith(senderFrame);
      expect(backend.dispatch).toHaveBeenLastCalledWith(name, payload);
      expect(result).toEqual({ ok: true, value: `answer to ${name}` });
    }
    expect(backend.dispatch).toHaveBeenCalledTimes(CALL_NAMES.length);
  });

  // KNOWN BUG (reported, see security.test.ts): with the real isTrustedSender, a call from our own
  // page is refused too. Remove `.fails` once isTrustedSender is fixed.
  it('forwards a call from app://berth/index.html with the real sender check', async () => {
    const { ipc, handlers } = fakeIpcMain();
    const { backend, asBackend } = fakeBackend();
    registerIpc(ipc as unknown as IpcMain, asBackend);
    const result = await handlers.get(callChannel('system.status'))?.(
      { senderFrame: { url: 'app://berth/index.html' } },
      {},
    );
    expect(result).toEqual({ ok: true, value: 'answer to system.status' });
    expect(backend.dispatch).toHaveBeenCalledWith('system.status', {});
  });
});

describe('forwardEvents', () => {
  it('sends contract events on the event channel to a live, loaded page', () => {
    const { asBackend, emit } = fakeBackend();
    const contents = new FakeWebContents();
    forwardEvents(asBackend, contents as unknown as WebContents);
    emit('containers.changed', { ids: ['a', 'b'] });
    expect(contents.send).toHaveBeenCalledExactlyOnceWith(EVENT_CHANNEL, 'containers.changed', { ids: ['a', 'b'] });
  });

  it('skips a destroyed page and a page still loading, and resumes when it is ready', () => {
    const { asBackend, emit } = fakeBackend();
    const contents = new FakeWebContents();
    forwardEvents(asBackend, contents as unknown as WebContents);

    contents.loading = true;
    emit('containers.changed', { ids: ['loading'] });
    contents.loading = false;
    contents.destroyed = true;
    emit('containers.changed', { ids: ['destroyed'] });
    expect(contents.send).not.toHaveBeenCalled();

    contents.destroyed = false;
    emit('containers.changed', { ids: ['ok'] });
    expect(contents.send).toHaveBeenCalledExactlyOnceWith(EVENT_CHANNEL, 'containers.changed', { ids: ['ok'] });
  });

  it('returns an unsubscribe that stops forwarding', () => {
    const { asBackend, emit, listeners } = fakeBackend();
    const contents = new FakeWebContents();
    const stop = forwardEvents(asBackend, contents as unknown as WebContents);
    expect(listeners.size).toBe(1);
    stop();
    expect(listeners.size).toBe(0);
    emit('containers.changed', { ids: ['late'] });
    expect(contents.send).not.toHaveBeenCalled();
  });
});
