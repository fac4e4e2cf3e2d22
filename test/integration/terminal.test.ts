import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Docker from 'dockerode';
import { createBackend, type Backend } from '../../main/backend';
import type { PtyModule } from '../../main/services/host-terminal.service';
import type { StreamMessage, TerminalFrame } from '../../preload/contract/index';
import {
  LABELS,
  TEST_IMAGE,
  cleanup,
  createContainer,
  docker,
  ensureTestImage,
  uniqueName,
  waitFor,
} from '../support/engine';
import { PrivateDockerd } from '../support/private-dockerd';

let backend: Backend;
beforeAll(async () => {
  backend = createBackend({ hostTerminal: { enabled: true } });
  backend.start();
  await backend.engine.whenConnected();
});
afterAll(async () => {
  await backend?.dispose();
  await cleanup();
});

type Session = Awaited<ReturnType<typeof openSession>>;

/** Open a terminal stream the way a window would: collect frames, ack only when told to. */
async function openSession(
  name: 'terminal.exec' | 'terminal.attach' | 'terminal.host',
  input: Record<string, unknown>,
  opts: { autoAck?: boolean; b?: Backend } = {},
) {
  const b = opts.b ?? backend;
  const frames: TerminalFrame[] = [];
  const ends: StreamMessage[] = [];
  let unacked = 0;
  let sid = '';
  const r = await b.streams.open('test', name, input, (_sid, msg) => {
    if (msg.t === 'frames') {
      const fs = msg.frames as TerminalFrame[];
      frames.push(...fs);
      const bytes = fs.reduce((n, f) => n + ('data' in f ? f.data.byteLength : 1), 0);
      if (opts.autoAck === false) unacked += bytes;
      else b.streams.control('test', _sid, { t: 'ack', bytes });
    } else ends.push(msg);
  });
  if (r.ok) sid = r.value.sid;
  const text = (ch: 'stdout' | 'stderr' = 'stdout') =>
    Buffer.concat(frames.filter((f) => f.channel === ch).map((f) => (f as { data: Uint8Array }).data)).toString('utf8');
  const status = () => frames.filter((f) => f.channel === 'status');
  return {
    r,
    sid,
    frames,
    ends,
    text,
    status,
    bytes: () => frames.reduce((n, f) => n + ('data' in f ? f.data.byteLength : 0), 0),
    write: (s: string | Uint8Array) => b.streams.control('test', sid, { t: 'write', data: s }),
    resize: (cols: number, rows: number) => b.streams.control('test', sid, { t: 'resize', cols, rows }),
    ackAll: () => {
      const n = unacked;
      unacked = 0;
      b.streams.control('test', sid, { t: 'ack', bytes: n });
    },
    close: () => b.streams.control('test', sid, { t: 'close' }),
    /** Wait until the output matches. */
    waitText: (re: RegExp, timeoutMs = 10_000) => waitFor(() => re.test(text()), { timeoutMs }),
  };
}

/** The container's process list as the engine sees it (`docker top`). */
async function top(id: string): Promise<string[]> {
  const t = await docker().getContainer(id).top({ ps_args: '-o pid,args' });
  return ((t.Processes ?? []) as string[][]).map((p) => p.join(' '));
}

const execIds = async (id: string) => (await docker().getContainer(id).inspect()).ExecIDs ?? [];

/** busybox ash prints its prompt, then asks for the cursor position (DSR 6n). */
// eslint-disable-next-line no-control-regex -- a terminal prompt, escape sequences included
const PROMPT = /[#$] (\x1b\[[0-9;]*[A-Za-z]|\r)*$/;
async function waitPrompt(s: Session) {
  await s.waitText(PROMPT);
}

describe('terminal.exec', () => {
  it('detects the shell (no bash in busybox: sh), types, reads back, resizes, exits with the code', async () => {
    const c = await createContainer({ start: true });
    const s = await openSession('terminal.exec', { id: c.id, cols: 100, rows: 30 });
    expect(s.r.ok).toBe(true);
    await waitFor(() => s.status().some((f) => f.status === 'started'));
    expect(s.status()[0]).toEqual({ channel: 'status', status: 'started', shell: 'sh', tty: true });
    await waitPrompt(s);
    // The launcher's marker never reaches the terminal.
    expect(s.text()).not.toContain('7777;berth');
    s.write('echo "$((6*7)) 世界"\r');
    await s.waitText(/42 世界/);
    s.write('busybox stty size\r');
    await s.waitText(/^30 100\r?$/m);
    s.resize(120, 40);
    await new Promise((r) => setTimeout(r, 200));
    s.write('busybox stty size\r');
    await s.waitText(/^40 120\r?$/m);
    s.write('exit 3\r');
    await waitFor(() => s.ends.length === 1);
    expect(s.ends[0]).toEqual({ t: 'end' });
    expect(s.status().at(-1)).toEqual({ channel: 'status', status: 'exited', exitCode: 3 });
    expect(backend.streams.count()).toBe(0);
  });

  it('honours user, workdir and env; TERM is set', async () => {
    const c = await createContainer({ start: true });
    const s = await openSession('terminal.exec', {
      id: c.id,
      shell: 'sh',
      user: 'nobody',
      workdir: '/tmp',
      env: ['BERTH_X=hello world'],
    });
    await waitPrompt(s);
    s.write('echo "u=$(id -u) d=$(pwd) x=$BERTH_X t=$TERM"\r');
    await s.waitText(/u=65534 d=\/tmp x=hello world t=xterm-256color/);
    s.close();
    await waitFor(() => s.ends.length === 1);
    expect(backend.streams.count()).toBe(0);
  });

  it('closing the tab ends every process of the session: foreground, background, double-forked, HUP-immune', async () => {
    const c = await createContainer({ start: true });
    const before = await top(c.id);
    const s = await openSession('terminal.exec', { id: c.id });
    await waitPrompt(s);
    s.write('sleep 4242 & (sleep 4545 &); sh -c \'trap "" HUP; sleep 4646\' & sleep 4343\r');
    await waitFor(async () => (await top(c.id)).filter((p) => /sleep 4[2-6]4[2-6]/.test(p)).length === 4);
    const [execId] = await execIds(c.id);
    expect(execId).toBeTruthy();
    expect((await docker().getExec(execId!).inspect()).Running).toBe(true);

    s.close();
    await waitFor(() => s.ends.length === 1);
    expect(backend.streams.count()).toBe(0);
    // Nothing left behind: the engine's own process list is back to the main process.
    await waitFor(async () => (await top(c.id)).length === before.length, { timeoutMs: 5000 });
    const after = await top(c.id);
    expect(after.some((p) => /sleep 4[2-6]4[2-6]|\bsh\b/.test(p))).toBe(false);
    expect((await docker().getExec(execId!).inspect()).Running).toBe(false);
  });

  it('an idle shell ends too, and closing releases the session at once for the renderer', async () => {
    const c = await createContainer({ start: true });
    const s = await openSession('terminal.exec', { id: c.id });
    await waitPrompt(s);
    const [execId] = await execIds(c.id);
    s.close();
    await waitFor(() => s.ends.length === 1);
    expect((await docker().getExec(execId!).inspect()).Running).toBe(false);
    expect((await top(c.id)).length).toBe(1);
  });

  it('flow control: a flood pauses the engine stream until the renderer acks; Ctrl+C gets through at once', async () => {
    const c = await createContainer({ start: true });
    const s = await openSession('terminal.exec', { id: c.id }, { autoAck: false });
    await waitPrompt(s);
    s.ackAll();
    s.write('yes berth-flood | head -c 200000000\r');
    await waitFor(() => s.bytes() > 100_000);
    // Nobody acks: the hub pauses the socket; what arrives stays bounded.
    await new Promise((r) => setTimeout(r, 500));
    const held = s.bytes();
    await new Promise((r) => setTimeout(r, 500));
    expect(s.bytes() - held).toBeLessThan(512 * 1024);
    expect(s.bytes()).toBeLessThan(4 * 1024 * 1024);
    // Ctrl+C goes in even while output is paused.
    s.write('\x03');
    const from = s.text().length;
    // Drain: ack what arrived, repeatedly, until the prompt is back.
    await waitFor(
      () => {
        s.ackAll();
        return PROMPT.test(s.text().slice(-200)) && s.text().length > from;
      },
      { timeoutMs: 15_000 },
    );
    const total = s.bytes();
    expect(total).toBeLessThan(150_000_000);
    s.write('echo after-$((1+1))\r');
    await waitFor(() => {
      s.ackAll();
      return s.text().slice(-400).includes('after-2');
    });
    // `yes` and `head` are gone.
    expect((await top(c.id)).some((p) => /yes|head/.test(p))).toBe(false);
    s.close();
    await waitFor(() => s.ends.length === 1);
  });

  it('says which shells were tried when none exists', async () => {
    const c = await createContainer({ start: true });
    const s = await openSession('terminal.exec', { id: c.id, shell: 'bash' });
    expect(s.r.ok).toBe(true);
    await waitFor(() => s.ends.length === 1);
    expect(s.status()).toContainEqual({ channel: 'status', status: 'no_shell', tried: ['bash'] });
    expect(s.ends[0]).toMatchObject({ t: 'end', error: { code: 'not_found' } });
    expect((s.ends[0] as { error: { message: string } }).error.message).toContain('tried: bash');
    expect(backend.streams.count()).toBe(0);
  });

  it('terminal.detectShell: sh in busybox, after trying bash', async () => {
    const c = await createContainer({ start: true });
    const r = await backend.dispatch('terminal.detectShell', { id: c.id });
    expect(r).toEqual({ ok: true, value: { shell: 'sh', tried: ['bash', 'sh'] } });
    const r2 = await backend.dispatch('terminal.detectShell', { id: c.id, shell: 'zsh' });
    expect(r2).toEqual({ ok: true, value: { shell: null, tried: ['zsh'] } });
  });

  it('refuses a stopped container (conflict: start it first), an unknown one and bad input; the engine is unchanged', async () => {
    const c = await createContainer();
    const a = await openSession('terminal.exec', { id: c.id });
    expect(a.r).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((a.r as { error: { message: string } }).error.message).toMatch(/not running/);
    const b = await openSession('terminal.exec', { id: 'berth-no-such-container' });
    expect(b.r).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const running = await createContainer({ start: true });
    for (const bad of [
      { id: running.id, shell: 'sh -c "rm -rf /"' },
      { id: running.id, shell: 'sh;id' },
      { id: running.id, user: 'root; id' },
      { id: running.id, workdir: 'relative' },
      { id: running.id, env: ['not an env'] },
      { id: running.id, cols: 0 },
      { id: running.id, extra: 1 },
      { id: 'x y' },
    ]) {
      const r = await openSession('terminal.exec', bad);
      expect(r.r, JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(await execIds(running.id)).toEqual([]);
    expect(await execIds(c.id)).toEqual([]);
    expect(backend.streams.count()).toBe(0);
  });
});

/** A container whose main process reads stdin, as `docker run -it` / `-i` makes it. */
async function interactive(opts: { tty: boolean; cmd: string[] }) {
  const c = await docker().createContainer({
    Image: TEST_IMAGE,
    name: uniqueName('att'),
    Cmd: opts.cmd,
    Tty: opts.tty,
    OpenStdin: true,
    AttachStdin: false,
    StdinOnce: false,
    Labels: LABELS,
    HostConfig: { NetworkMode: 'none' },
  });
  await c.start();
  return c;
}

describe('terminal.attach', () => {
  it('attaches to a TTY container, types, resizes, and detaches with Ctrl+P Ctrl+Q: the container runs on', async () => {
    const c = await interactive({ tty: true, cmd: ['sh'] });
    const s = await openSession('terminal.attach', { id: c.id, cols: 90, rows: 20 });
    expect(s.r.ok).toBe(true);
    await waitFor(() => s.status().some((f) => f.status === 'started'));
    expect(s.status()[0]).toMatchObject({ status: 'started', tty: true, openStdin: true, shell: 'sh' });
    s.write('echo attached-$((2*21))\r');
    await s.waitText(/attached-42/);
    s.resize(111, 33);
    await new Promise((r) => setTimeout(r, 200));
    s.write('busybox stty size\r');
    await s.waitText(/^33 111\r?$/m);
    s.write(new Uint8Array([0x10, 0x11]));
    await waitFor(() => s.ends.length === 1);
    expect(s.status().at(-1)).toEqual({ channel: 'status', status: 'detached' });
    expect((await c.inspect()).State.Running).toBe(true);
    expect(backend.streams.count()).toBe(0);
  });

  it('honours custom detach keys, and closing the tab detaches without stopping the container', async () => {
    const c = await interactive({ tty: true, cmd: ['sh'] });
    const s = await openSession('terminal.attach', { id: c.id, detachKeys: 'ctrl-a,d' });
    s.write('echo one\r');
    await s.waitText(/one/);
    s.write(new Uint8Array([0x01]));
    s.write('d');
    await waitFor(() => s.ends.length === 1);
    expect(s.status().at(-1)).toEqual({ channel: 'status', status: 'detached' });

    const s2 = await openSession('terminal.attach', { id: c.id });
    s2.write('echo two\r');
    await s2.waitText(/two/);
    s2.close();
    await waitFor(() => s2.ends.length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect((await c.inspect()).State.Running).toBe(true);
    // Still usable afterwards: the shell was not stopped nor its stdin closed.
    const s3 = await openSession('terminal.attach', { id: c.id });
    s3.write('echo three\r');
    await s3.waitText(/three/);
    s3.close();
    await waitFor(() => s3.ends.length === 1);
    expect(backend.streams.count()).toBe(0);
  });

  it('demultiplexes stdout and stderr of a non-TTY container', async () => {
    const c = await interactive({
      tty: false,
      cmd: ['sh', '-c', 'while read l; do echo "out:$l"; echo "err:$l" >&2; done'],
    });
    const s = await openSession('terminal.attach', { id: c.id });
    expect(s.status()[0] ?? (await waitFor(() => s.status()[0]))).toMatchObject({ tty: false, openStdin: true });
    s.write('x1 世界\n');
    await waitFor(() => s.text('stdout').includes('out:x1 世界') && s.text('stderr').includes('err:x1 世界'));
    expect(s.text('stdout')).not.toContain('err:');
    expect(s.text('stderr')).not.toContain('out:');
    s.close();
    await waitFor(() => s.ends.length === 1);
    expect((await c.inspect()).State.Running).toBe(true);
  });

  it('reports the exit code when the main process ends (exit there stops the container)', async () => {
    const c = await interactive({ tty: true, cmd: ['sh'] });
    const s = await openSession('terminal.attach', { id: c.id });
    s.write('exit 7\r');
    await waitFor(() => s.ends.length === 1);
    expect(s.status().at(-1)).toEqual({ channel: 'status', status: 'exited', exitCode: 7 });
    expect((await c.inspect()).State.Running).toBe(false);
  });

  it('refuses a stopped container and bad detach keys', async () => {
    const c = await createContainer();
    const a = await openSession('terminal.attach', { id: c.id });
    expect(a.r).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const running = await createContainer({ start: true });
    for (const detachKeys of ['ctrl-pp', 'ctrl-p,,', '', 'ctrl-1', 'a'.repeat(70)]) {
      const r = await openSession('terminal.attach', { id: running.id, detachKeys });
      expect(r.r, detachKeys).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(backend.streams.count()).toBe(0);
  });
});

describe('engine gone mid-session', () => {
  const daemon = new PrivateDockerd();
  let b: Backend | undefined;
  afterAll(async () => {
    await b?.dispose();
    await daemon.dispose();
  });

  it('the exec session ends with an engine error instead of hanging', async () => {
    await daemon.start();
    const d = new Docker({ socketPath: daemon.socket });
    await ensureTestImage(d);
    const c = await createContainer({ start: true }, d);
    b = createBackend({
      endpoint: { host: daemon.host, source: 'DOCKER_HOST' },
      backoff: { initialMs: 100, maxMs: 500 },
    });
    b.start();
    await b.engine.whenConnected();
    const s = await openSession('terminal.exec', { id: c.id }, { b });
    await waitPrompt(s);
    await daemon.kill();
    await waitFor(() => s.ends.length === 1, { timeoutMs: 20_000 });
    const end = s.ends[0] as { error?: { code: string } };
    expect(['engine_unreachable', 'stream_error']).toContain(end.error?.code);
    expect(b.streams.count()).toBe(0);
  }, 120_000);
});

describe('terminal.host', () => {
  it('runs the host shell through node-pty: type, read back, resize, exit', async () => {
    const info = await backend.dispatch('terminal.hostInfo', {});
    expect(info).toMatchObject({ ok: true, value: { enabled: true, available: true } });
    const s = await openSession('terminal.host', { cols: 80, rows: 24 });
    expect(s.r.ok).toBe(true);
    s.write('echo host-$((40+2))\r');
    await s.waitText(/host-42/);
    s.resize(101, 31);
    s.write('stty size\r');
    await s.waitText(/31 101/);
    s.write('exit\r');
    await waitFor(() => s.ends.length === 1);
    expect(s.status().at(-1)).toMatchObject({ status: 'exited', exitCode: 0 });
    expect(backend.streams.count()).toBe(0);
  });

  it('off unless enabled (web mode default), and says why when node-pty cannot load', async () => {
    const off = createBackend();
    try {
      expect(await off.dispatch('terminal.hostInfo', {})).toMatchObject({
        ok: true,
        value: { enabled: false, available: false, reason: expect.stringMatching(/--host-terminal/) },
      });
      const r = await off.streams.open('t', 'terminal.host', {}, () => {});
      expect(r).toMatchObject({ ok: false, error: { code: 'permission_denied' } });
    } finally {
      await off.dispose();
    }
    const broken = createBackend({
      hostTerminal: {
        enabled: true,
        load: () => Promise.reject(new Error('Cannot find module ../build/Release/pty.node')),
      },
    });
    try {
      expect(await broken.dispatch('terminal.hostInfo', {})).toMatchObject({
        ok: true,
        value: {
          enabled: true,
          available: false,
          reason: expect.stringMatching(/node-pty could not be loaded: Cannot find/),
        },
      });
      const r = await broken.streams.open('t', 'terminal.host', {}, () => {});
      expect(r).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringMatching(/pty.node/) } });
      expect(broken.streams.count()).toBe(0);
    } finally {
      await broken.dispose();
    }
  });

  it('closing the tab hangs up the host shell', async () => {
    let pid = 0;
    const real = (await import('node-pty')) as unknown as PtyModule;
    const spy = createBackend({
      hostTerminal: {
        enabled: true,
        load: async () => ({
          spawn: (f, a, o) => {
            const p = real.spawn(f, a, o);
            pid = p.pid;
            return p;
          },
        }),
      },
    });
    try {
      const s = await openSession('terminal.host', {}, { b: spy });
      await waitFor(() => pid > 0);
      s.close();
      await waitFor(() => s.ends.length === 1);
      await waitFor(() => {
        try {
          process.kill(pid, 0);
          return false;
        } catch {
          return true;
        }
      });
    } finally {
      await spy.dispose();
    }
  });
});

describe('system.openExternal', () => {
  it('opens only http(s) links, through main where it can', async () => {
    expect(await backend.dispatch('system.openExternal', { url: 'https://example.com/x' })).toEqual({
      ok: true,
      value: { opened: false },
    });
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'http://user:pw@example.com', 'not a url']) {
      expect(await backend.dispatch('system.openExternal', { url })).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
    }
    const opened: string[] = [];
    const withShell = createBackend({ openExternal: async (u) => void opened.push(u) });
    try {
      expect(await withShell.dispatch('system.openExternal', { url: 'http://127.0.0.1:1/' })).toEqual({
        ok: true,
        value: { opened: true },
      });
      expect(opened).toEqual(['http://127.0.0.1:1/']);
    } finally {
      await withShell.dispose();
    }
  });
});
