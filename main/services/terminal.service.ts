import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { BerthError } from '../../preload/contract/errors';
import type { ParsedStreamInput } from '../../preload/contract/index';
import { AUTO_SHELLS, detachKeyBytes, type TerminalFrame } from '../../preload/contract/terminal.contract';
import { Demuxer } from '../engine/demux';
import type { EngineConnection } from '../engine/engine-connection';
import { toBerthError } from '../engine/errors';
import type { StreamSink, StreamSource } from '../rpc/streams';

/**
 * The exec's first output is this private OSC sequence, `ESC ] 7777 ; berth ; <pid> ; <shell> BEL`,
 * printed by the launcher below and stripped here before anything reaches the
 * terminal. It tells the session the shell's pid inside the container's pid
 * namespace, which is what it needs to end the session's processes when the
 * tab closes (the engine has no "kill exec" call, and exec inspect's Pid is a
 * host pid that cannot be signalled from inside the container).
 */
// eslint-disable-next-line no-control-regex -- the marker is made of control characters
const MARKER = /\x1b\]7777;berth;(\d+);([^\x07]*)\x07/;
const MARKER_SCAN_LIMIT = 4096;

/**
 * Launcher (`sh -c LAUNCHER berth <shell…>`): print the marker, then `exec`
 * the first shell that exists, so the pid printed is the shell's own. Only
 * our fixed script runs in sh; the user's choices arrive as arguments ("$@"),
 * never as script text.
 */
export const LAUNCHER = [
  'for s in "$@"; do',
  '  if command -v "$s" >/dev/null 2>&1; then',
  `    printf '\\033]7777;berth;%s;%s\\007' "$$" "$s"`,
  '    exec "$s"',
  '  fi',
  'done',
  `printf '\\033]7777;berth;%s;\\007' "$$"`,
  'exit 127',
].join('\n');

/** Which of "$@" exists (`terminal.detectShell`). */
const PROBE = 'for s in "$@"; do if command -v "$s" >/dev/null 2>&1; then echo "$s"; exit 0; fi; done; exit 127';

/**
 * Hang up a session (`sh -c HANGUP berth-hangup <pid> <signal>`): the shell
 * `pid` leads the exec's session (the engine calls setsid for a TTY exec), so
 * every process it started carries that session id, even after it was
 * re-parented (double fork). Collect the session's members and the shell's
 * descendants from /proc, signal them, print their pids. Only sh builtins:
 * works in busybox, dash, bash.
 */
export const HANGUP = [
  'p=$1; sig=$2; set_=$p; changed=1; n=0',
  'while [ "$changed" = 1 ] && [ "$n" -lt 32 ]; do',
  '  changed=0; n=$((n+1))',
  '  for f in /proc/[0-9]*/stat; do',
  '    read -r s < "$f" 2>/dev/null || continue',
  '    q=${f#/proc/}; q=${q%/stat}',
  '    case " $set_ " in *" $q "*) continue;; esac',
  '    s=${s##*) }; set -- $s',
  '    case " $set_ " in *" $2 "*) set_="$set_ $q"; changed=1; continue;; esac',
  '    if [ "$4" = "$p" ]; then set_="$set_ $q"; changed=1; fi',
  '  done',
  'done',
  'for q in $set_; do kill -"$sig" "$q" 2>/dev/null; kill -CONT "$q" 2>/dev/null; done',
  'echo $set_',
].join('\n');

/** Which of the pids in "$@" still run (zombies do not count). */
const ALIVE = [
  'for q in "$@"; do',
  '  read -r s < /proc/$q/stat 2>/dev/null || continue',
  '  s=${s##*) }',
  '  case "$s" in Z*|X*) ;; *) echo "$q";; esac',
  'done',
].join('\n');

export interface TerminalServiceOptions {
  /** How often a session confirms its process still runs (dockerode#534: the stream may never end). */
  livenessMs?: number;
  /** How long a hung-up session gets before its remaining processes are killed. */
  hangupGraceMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Run a short command in the container (not a TTY), collect stdout; bounded in time. */
async function runQuiet(
  container: Docker.Container,
  cmd: string[],
  opts: { user?: string; timeoutMs?: number } = {},
): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  const signal = AbortSignal.timeout(opts.timeoutMs ?? 10_000);
  const exec = await container.exec({
    Cmd: cmd,
    AttachStdout: true,
    AttachStderr: true,
    ...(opts.user ? { User: opts.user } : {}),
    abortSignal: signal,
  });
  const stream = (await exec.start({ abortSignal: signal })) as unknown as NodeJS.ReadableStream;
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const demux = new Demuxer((f) => (f.channel === 'stderr' ? err : out).push(Buffer.from(f.data)));
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (c: Buffer) => demux.push(c));
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', reject);
  });
  const info = await exec.inspect({ abortSignal: AbortSignal.timeout(5000) });
  return {
    exitCode: info.ExitCode ?? null,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
}

const notRunning = (name: string, state: string) =>
  new BerthError('conflict', `container ${name} is not running (${state}): start it first`);

const nameOf = (info: Docker.ContainerInspectInfo) => info.Name.replace(/^\//, '') || info.Id.slice(0, 12);

function isEngineGone(err: unknown): boolean {
  const code = toBerthError(err).code;
  return code === 'engine_unreachable';
}

/** `docker exec -it` and `docker attach`, as stream sessions. */
export class TerminalService {
  private readonly livenessMs: number;
  private readonly hangupGraceMs: number;

  constructor(
    private readonly engine: EngineConnection,
    opts: TerminalServiceOptions = {},
  ) {
    this.livenessMs = opts.livenessMs ?? 3000;
    this.hangupGraceMs = opts.hangupGraceMs ?? 1000;
  }

  /** Which shell an exec would run (bash, then sh), and what was tried. */
  async detectShell(input: {
    id: string;
    shell?: string | undefined;
  }): Promise<{ shell: string | null; tried: string[] }> {
    const container = this.engine.api().getContainer(input.id);
    const info = await container.inspect();
    if (!info.State.Running) throw notRunning(nameOf(info), info.State.Status);
    const tried = input.shell ? [input.shell] : [...AUTO_SHELLS];
    const r = await runQuiet(container, ['sh', '-c', PROBE, 'berth-probe', ...tried]).catch(() => undefined);
    if (!r || (r.exitCode !== 0 && r.exitCode !== 127)) return { shell: null, tried: [...new Set([...tried, 'sh'])] };
    const shell = r.stdout.trim().split('\n')[0] || null;
    return { shell, tried };
  }

  /** `docker exec -it <c> <shell>`. */
  async openExec(input: ParsedStreamInput<'terminal.exec'>, sink: StreamSink<TerminalFrame>): Promise<StreamSource> {
    const container = this.engine.api().getContainer(input.id);
    const info = await container.inspect({ abortSignal: sink.signal });
    if (!info.State.Running || info.State.Paused) {
      throw notRunning(nameOf(info), info.State.Paused ? 'paused' : info.State.Status);
    }
    const candidates = input.shell ? [input.shell] : [...AUTO_SHELLS];
    const env = [...input.env];
    if (!env.some((e) => e.startsWith('TERM='))) env.push('TERM=xterm-256color');
    const exec = await container.exec({
      Cmd: ['sh', '-c', LAUNCHER, 'berth', ...candidates],
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: true,
      Env: env,
      ...(input.user ? { User: input.user } : {}),
      ...(input.workdir ? { WorkingDir: input.workdir } : {}),
      abortSignal: sink.signal,
    });
    const sock = (await exec.start({
      hijack: true,
      stdin: true,
      Tty: true,
      abortSignal: sink.signal,
    } as Docker.ExecStartOptions)) as unknown as Socket;

    let pid: number | undefined;
    let scanning = true;
    let head = Buffer.alloc(0);
    let finished = false;
    let closing = false;
    let lastSize = { cols: input.cols, rows: input.rows };

    let checking: Promise<void> | undefined;
    const finish = (why: 'socket' | 'liveness') => (checking ??= check(why).finally(() => (checking = undefined)));
    const check = async (why: 'socket' | 'liveness') => {
      if (finished || closing) return;
      try {
        let state = await exec.inspect({ abortSignal: AbortSignal.timeout(5000) });
        // The stream may close a moment before the engine records the exit.
        for (let i = 0; why === 'socket' && state.Running && i < 10 && !closing; i++) {
          await sleep(100);
          state = await exec.inspect({ abortSignal: AbortSignal.timeout(5000) });
        }
        if (finished || closing) return;
        if (state.Running) {
          // The stream broke off but the shell runs on: the connection was lost.
          if (why === 'socket') {
            finished = true;
            sink.end(new BerthError('stream_error', 'the connection to the exec session was lost'));
          }
          return;
        }
        finished = true;
        if (scanning) flushHead(true);
        if (pid === undefined && noShell(head)) {
          sink.push({ channel: 'status', status: 'no_shell', tried: [...candidates, 'sh'] });
          sink.end(noShellError([...candidates, 'sh']));
          return;
        }
        sink.push({ channel: 'status', status: 'exited', exitCode: state.ExitCode ?? null });
        sink.end();
      } catch (err) {
        if (closing) return;
        finished = true;
        // The engine gone: its own error (engine_unreachable); the stream's scope names the engine and cause.
        sink.end(err);
      }
    };

    /** Strip the launcher's marker from the first bytes; pass everything else on. */
    const flushHead = (force: boolean) => {
      const m = MARKER.exec(head.toString('latin1'));
      if (m) {
        scanning = false;
        pid = Number(m[1]);
        const shell = m[2] ?? '';
        const before = head.subarray(0, m.index);
        const after = head.subarray(m.index + m[0].length);
        head = Buffer.alloc(0);
        if (!shell) {
          sink.push({ channel: 'status', status: 'no_shell', tried: candidates });
          finished = true;
          sink.end(noShellError(candidates));
          return;
        }
        sink.push({ channel: 'status', status: 'started', shell, tty: true });
        if (before.length) sink.push({ channel: 'stdout', data: new Uint8Array(before) });
        if (after.length) sink.push({ channel: 'stdout', data: new Uint8Array(after) });
        void resize(lastSize.cols, lastSize.rows);
      } else if (force || head.length > MARKER_SCAN_LIMIT) {
        // No marker (no sh in the container, or an unexpected launcher failure): pass the bytes on.
        scanning = false;
        if (!noShell(head)) sink.push({ channel: 'status', status: 'started', tty: true });
        if (head.length && !noShell(head)) sink.push({ channel: 'stdout', data: new Uint8Array(head) });
      }
    };

    const resize = async (cols: number, rows: number) => {
      lastSize = { cols, rows };
      if (cols < 1 || rows < 1 || finished) return;
      try {
        await exec.resize({ h: rows, w: cols, abortSignal: AbortSignal.timeout(5000) } as never);
      } catch (err) {
        // 201 from some engines is success; 500 when the exec already exited: nothing to resize.
        const status = (err as { statusCode?: number }).statusCode;
        if (status !== 201 && status !== 500 && status !== 404 && !finished) throw err;
      }
    };

    sock.on('data', (chunk: Buffer) => {
      if (finished) return;
      if (scanning) {
        head = Buffer.concat([head, chunk]);
        flushHead(false);
        return;
      }
      sink.push({ channel: 'stdout', data: new Uint8Array(chunk) });
    });
    sock.once('end', () => void finish('socket'));
    sock.once('close', () => void finish('socket'));
    sock.on('error', () => void finish('socket'));
    const liveness = setInterval(() => void finish('liveness'), this.livenessMs);
    liveness.unref?.();
    // Size the TTY now that the exec runs (resize before start is meaningless).
    void resize(input.cols, input.rows).catch(() => {});

    return {
      // Never end stdin: half-closing the hijacked socket destroys the remaining output (docker-modem#48).
      write: (data) => {
        if (!finished && !sock.destroyed) sock.write(data);
      },
      resize: (cols, rows) => resize(cols, rows),
      pause: () => sock.pause(),
      resume: () => sock.resume(),
      close: async () => {
        closing = true;
        clearInterval(liveness);
        sock.removeAllListeners('data');
        sock.resume();
        try {
          await this.endExec(container, exec, pid, sock);
        } finally {
          sock.destroy();
        }
      },
    };
  }

  /**
   * End an exec session's processes. Destroying the socket is not enough:
   * the engine leaves the process running. With the shell's pid known, hang
   * up its whole session (SIGHUP, as a terminal that closes does), give it a
   * moment, then SIGKILL whatever is left; confirm with exec inspect. Without
   * it (no sh in the container), send EOF and confirm.
   */
  async endExec(container: Docker.Container, exec: Docker.Exec, pid: number | undefined, sock?: Duplex): Promise<void> {
    const running = async () => {
      try {
        return !!(await exec.inspect({ abortSignal: AbortSignal.timeout(5000) })).Running;
      } catch {
        return false; // the exec (or the engine) is gone: nothing left to end
      }
    };
    if (!(await running())) return;
    if (pid === undefined) {
      if (sock && !sock.destroyed) sock.write('\x04');
      const deadline = Date.now() + this.hangupGraceMs;
      while (Date.now() < deadline && (await running())) await sleep(100);
      return;
    }
    const pids = new Set<string>([String(pid)]);
    try {
      const r = await runQuiet(container, ['sh', '-c', HANGUP, 'berth-hangup', String(pid), 'HUP'], { user: '0' });
      for (const p of r.stdout.trim().split(/\s+/)) if (/^\d+$/.test(p)) pids.add(p);
      const deadline = Date.now() + this.hangupGraceMs;
      let left: string[] = [...pids];
      while (Date.now() < deadline) {
        await sleep(150);
        left = (await runQuiet(container, ['sh', '-c', ALIVE, 'berth-alive', ...pids], { user: '0' })).stdout
          .trim()
          .split(/\s+/)
          .filter((p) => /^\d+$/.test(p));
        if (left.length === 0) break;
      }
      if (left.length > 0) {
        await runQuiet(container, ['sh', '-c', 'kill -KILL "$@" 2>/dev/null; true', 'berth-kill', ...left], {
          user: '0',
        });
      }
    } catch (err) {
      // The container stopped meanwhile, or the engine went away: its processes went with it.
      if (!isEngineGone(err) && (await running())) console.warn('[berth] could not end exec session', err);
    }
  }

  /** `docker attach [--detach-keys]`: the container's main process. */
  async openAttach(
    input: ParsedStreamInput<'terminal.attach'>,
    sink: StreamSink<TerminalFrame>,
  ): Promise<StreamSource> {
    const container = this.engine.api().getContainer(input.id);
    const info = await container.inspect({ abortSignal: sink.signal });
    if (!info.State.Running || info.State.Paused) {
      throw notRunning(nameOf(info), info.State.Paused ? 'paused' : info.State.Status);
    }
    const tty = !!info.Config.Tty;
    const openStdin = !!info.Config.OpenStdin;
    const sock = (await container.attach({
      stream: true,
      stdin: openStdin,
      stdout: true,
      stderr: true,
      hijack: true,
      detachKeys: input.detachKeys,
      abortSignal: sink.signal,
    } as Docker.ContainerAttachOptions)) as unknown as Socket;
    let finished = false;
    let closing = false;
    const demux = tty ? undefined : new Demuxer((f) => sink.push(f));
    sink.push({
      channel: 'status',
      status: 'started',
      shell: [...(info.Config.Entrypoint ?? []), ...(info.Config.Cmd ?? [])].join(' '),
      tty,
      openStdin,
    });

    const finish = async () => {
      if (finished || closing) return;
      finished = true;
      try {
        // Ended: the container stopped, or the engine honoured the detach keys.
        const state = await waitNotRestarting(container);
        if (state.Running) sink.push({ channel: 'status', status: 'detached' });
        else sink.push({ channel: 'status', status: 'exited', exitCode: state.ExitCode ?? null });
        sink.end();
      } catch (err) {
        // The engine gone: its own error (engine_unreachable); the stream's scope names the engine and cause.
        sink.end(err);
      }
    };
    sock.on('data', (chunk: Buffer) => {
      if (finished) return;
      if (demux) demux.push(chunk);
      else sink.push({ channel: 'stdout', data: new Uint8Array(chunk) });
    });
    sock.once('end', () => void finish());
    sock.once('close', () => void finish());
    sock.on('error', () => void finish());
    const resize = async (cols: number, rows: number) => {
      if (!tty || finished || cols < 1 || rows < 1) return;
      try {
        await container.resize({ h: rows, w: cols, abortSignal: AbortSignal.timeout(5000) } as never);
      } catch (err) {
        const status = (err as { statusCode?: number }).statusCode;
        if (status !== 201 && status !== 500 && status !== 409 && !finished) throw err;
      }
    };
    void resize(input.cols, input.rows).catch(() => {});

    return {
      write: (data) => {
        if (!finished && openStdin && !sock.destroyed) sock.write(data);
      },
      resize,
      pause: () => sock.pause(),
      resume: () => sock.resume(),
      close: async () => {
        closing = true;
        // Leave as `docker attach` does with the detach keys: the engine then
        // lets go without touching the container's stdin. Never stops it.
        if (!finished && openStdin && !sock.destroyed) {
          sock.write(detachKeyBytes(input.detachKeys));
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, 500);
            sock.once('close', () => (clearTimeout(t), resolve()));
            sock.once('end', () => (clearTimeout(t), resolve()));
          });
        }
        sock.removeAllListeners('data');
        sock.destroy();
      },
    };
  }
}

/** The state after the attach ended; a container being restarted is given a moment to settle. */
async function waitNotRestarting(container: Docker.Container): Promise<Docker.ContainerInspectInfo['State']> {
  let state = (await container.inspect({ abortSignal: AbortSignal.timeout(5000) })).State;
  for (let i = 0; i < 10 && state.Running && state.Restarting; i++) {
    await sleep(100);
    state = (await container.inspect({ abortSignal: AbortSignal.timeout(5000) })).State;
  }
  return state;
}

function noShell(head: Buffer): boolean {
  return /executable file not found|no such file or directory/i.test(head.toString('utf8'));
}

function noShellError(tried: string[]): BerthError {
  return new BerthError('not_found', `no shell found in the container (tried: ${[...new Set(tried)].join(', ')})`);
}
