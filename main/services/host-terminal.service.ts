import { homedir } from 'node:os';
import { BerthError } from '../../preload/contract/errors';
import type { ParsedStreamInput } from '../../preload/contract/index';
import type { HostTerminalInfo, TerminalFrame } from '../../preload/contract/terminal.contract';
import type { StreamSink, StreamSource } from '../rpc/streams';

/** The part of node-pty Berth uses (node-pty is an optional, native dependency). */
export interface PtyProcess {
  readonly pid: number;
  onData(listener: (data: string | Uint8Array) => void): { dispose(): void };
  onExit(listener: (e: { exitCode: number; signal?: number }) => void): { dispose(): void };
  write(data: string | Buffer): void;
  resize(cols: number, rows: number): void;
  kill(signal?: string): void;
  pause(): void;
  resume(): void;
}
export interface PtyModule {
  spawn(
    file: string,
    args: string[],
    opts: {
      name: string;
      cols: number;
      rows: number;
      cwd: string;
      env: Record<string, string>;
      encoding: null;
    },
  ): PtyProcess;
}

export interface HostTerminalOptions {
  /** A full shell on the host: on in the desktop app, off in web mode unless --host-terminal. */
  enabled: boolean;
  /** How node-pty is loaded (tests replace it to check the "why not" path). */
  load?: () => Promise<PtyModule>;
  /** The shell to run; default $SHELL, else /bin/bash, else /bin/sh (PowerShell on Windows). */
  shell?: string;
}

/** node-pty, loaded at run time so a missing or broken native build is a message, not a crash. */
export async function loadNodePty(): Promise<PtyModule> {
  const name = 'node-pty';
  const mod = (await import(/* @vite-ignore */ name)) as PtyModule & { default?: PtyModule };
  const pty = typeof mod.spawn === 'function' ? mod : mod.default;
  if (!pty || typeof pty.spawn !== 'function') throw new Error('node-pty has no spawn()');
  return pty;
}

function defaultShell(): string {
  if (process.platform === 'win32') return process.env.COMSPEC ? 'powershell.exe' : 'cmd.exe';
  return process.env.SHELL || '/bin/bash';
}

/** The user's own shell on the host, where the docker CLI lives (node-pty). */
export class HostTerminalService {
  private loaded: Promise<PtyModule> | undefined;
  private readonly shell: string;

  constructor(private readonly opts: HostTerminalOptions) {
    this.shell = opts.shell ?? defaultShell();
  }

  private load(): Promise<PtyModule> {
    this.loaded ??= (this.opts.load ?? loadNodePty)();
    return this.loaded;
  }

  async info(): Promise<HostTerminalInfo> {
    if (!this.opts.enabled) {
      return {
        enabled: false,
        available: false,
        reason: 'the host terminal is off in web mode; start Berth with --host-terminal to allow it',
      };
    }
    try {
      await this.load();
      return { enabled: true, available: true, shell: this.shell };
    } catch (err) {
      return { enabled: true, available: false, reason: `node-pty could not be loaded: ${messageOf(err)}` };
    }
  }

  async open(input: ParsedStreamInput<'terminal.host'>, sink: StreamSink<TerminalFrame>): Promise<StreamSource> {
    if (!this.opts.enabled) {
      throw new BerthError(
        'permission_denied',
        'the host terminal is off in web mode; start Berth with --host-terminal to allow it',
      );
    }
    let pty: PtyModule;
    try {
      pty = await this.load();
    } catch (err) {
      throw new BerthError('internal', `node-pty could not be loaded: ${messageOf(err)}`);
    }
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
    env.TERM = 'xterm-256color';
    env.COLORTERM = 'truecolor';
    let proc: PtyProcess;
    try {
      proc = pty.spawn(this.shell, [], {
        name: 'xterm-256color',
        cols: input.cols,
        rows: input.rows,
        cwd: homedir(),
        env,
        encoding: null,
      });
    } catch (err) {
      throw new BerthError('internal', `could not start ${this.shell}: ${messageOf(err)}`);
    }
    let exited = false;
    const exitedPromise = new Promise<void>((resolve) => {
      proc.onExit(({ exitCode, signal }) => {
        exited = true;
        sink.push({ channel: 'status', status: 'exited', exitCode: signal ? 128 + signal : exitCode });
        sink.end();
        resolve();
      });
    });
    sink.push({ channel: 'status', status: 'started', shell: this.shell, tty: true });
    proc.onData((d) =>
      sink.push({ channel: 'stdout', data: typeof d === 'string' ? new TextEncoder().encode(d) : new Uint8Array(d) }),
    );
    return {
      write: (data) => {
        if (!exited) proc.write(Buffer.from(data));
      },
      resize: (cols, rows) => {
        if (!exited) proc.resize(cols, rows);
      },
      pause: () => proc.pause(),
      resume: () => proc.resume(),
      close: async () => {
        if (exited) return;
        // Hang up, as a closing terminal does; then make sure.
        if (process.platform === 'win32') proc.kill();
        else proc.kill('SIGHUP');
        const timeout = (ms: number) => new Promise<boolean>((r) => setTimeout(() => r(false), ms));
        if (await Promise.race([exitedPromise.then(() => true), timeout(1000)])) return;
        try {
          proc.kill(process.platform === 'win32' ? undefined : 'SIGKILL');
        } catch {
          /* already gone */
        }
        await Promise.race([exitedPromise, timeout(1000)]);
      },
    };
  }
}

function messageOf(err: unknown): string {
  return (err as { message?: string })?.message?.split('\n')[0] ?? String(err);
}
