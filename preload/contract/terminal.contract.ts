import { z } from 'zod';
import { ContainerRef } from './common';
import { stream, type OutputFrame } from './streams';

/** A program to run as the shell: a name looked up in $PATH (bash, sh, zsh) or an absolute path. */
export const PROGRAM = /^(\/[A-Za-z0-9_.+-]+)+$|^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/;
/** `--user`: name, uid, name:group or uid:gid (the engine's grammar, nothing a shell could read). */
export const EXEC_USER = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/;
/** `--env KEY=VALUE`. */
export const ENV_ENTRY = /^[A-Za-z_][A-Za-z0-9_]*=[^\0]*$/;
/**
 * `--detach-keys`: comma-separated keys, each a letter or `ctrl-<x>` with x in
 * a-z @ [ \ ] ^ _ (the engine's grammar, pkg/term).
 */
export const DETACH_KEYS = /^(ctrl-[a-z@[\\\]^_]|[a-zA-Z0-9])(,(ctrl-[a-z@[\\\]^_]|[a-zA-Z0-9])){0,9}$/;
export const DEFAULT_DETACH_KEYS = 'ctrl-p,ctrl-q';
/** The shells tried, in order, when the user chose none. */
export const AUTO_SHELLS = ['bash', 'sh'] as const;

const Cols = z.number().int().min(1).max(2000).default(80);
const Rows = z.number().int().min(1).max(1000).default(24);

export const ExecInput = z.strictObject({
  id: ContainerRef,
  /** The shell to run; absent: bash, then sh. */
  shell: z.string().min(1).max(256).regex(PROGRAM, 'not a program name or absolute path').optional(),
  /** `docker exec --user`. */
  user: z.string().min(1).max(128).regex(EXEC_USER, 'not a user, uid, user:group or uid:gid').optional(),
  /** `docker exec --workdir`: an absolute path in the container. */
  workdir: z
    .string()
    .min(1)
    .max(4096)
    .regex(/^\/[^\0]*$/, 'not an absolute path')
    .optional(),
  /** `docker exec --env KEY=VALUE`. */
  env: z.array(z.string().max(8192).regex(ENV_ENTRY, 'not KEY=VALUE')).max(100).default([]),
  cols: Cols,
  rows: Rows,
});
export type ExecInput = z.input<typeof ExecInput>;

export const AttachInput = z.strictObject({
  id: ContainerRef,
  /** `docker attach --detach-keys`. */
  detachKeys: z.string().max(64).regex(DETACH_KEYS, 'not a detach key sequence').default(DEFAULT_DETACH_KEYS),
  cols: Cols,
  rows: Rows,
});
export type AttachInput = z.input<typeof AttachInput>;

export const HostInput = z.strictObject({ cols: Cols, rows: Rows });

/** What a terminal session says about itself, between the bytes. */
export type TerminalStatusFrame =
  | {
      channel: 'status';
      status: 'started';
      /** The shell that runs (exec), or the container's command (attach). */
      shell?: string;
      tty: boolean;
      /** Attach: the container was created with stdin open (`-i`); input is ignored otherwise. */
      openStdin?: boolean;
    }
  | { channel: 'status'; status: 'exited'; exitCode: number | null }
  /** Attach: detached with the detach keys; the container goes on running. */
  | { channel: 'status'; status: 'detached' }
  /** Exec: none of the shells exists in the container. */
  | { channel: 'status'; status: 'no_shell'; tried: string[] };

export type TerminalFrame = OutputFrame | TerminalStatusFrame;

export const HostTerminalInfo = z.object({
  /** Allowed here: always in the desktop app, in web mode only with --host-terminal. */
  enabled: z.boolean(),
  /** node-pty loaded. */
  available: z.boolean(),
  /** Why not, in English (the loader's own error). */
  reason: z.string().optional(),
  shell: z.string().optional(),
});
export type HostTerminalInfo = z.infer<typeof HostTerminalInfo>;

const HttpUrl = z
  .string()
  .max(4096)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'only http and https links open');

export const terminalCalls = {
  /** Which shell `terminal.exec` would run: bash, then sh (or the one asked for). */
  'terminal.detectShell': {
    input: z.strictObject({
      id: ContainerRef,
      shell: z.string().min(1).max(256).regex(PROGRAM).optional(),
    }),
    output: z.object({ shell: z.string().nullable(), tried: z.array(z.string()) }),
  },
  /** Whether the host terminal may run here, and if not, why. */
  'terminal.hostInfo': { input: z.strictObject({}), output: HostTerminalInfo },
  /**
   * Open an http(s) link from a terminal or the logs in the user's browser,
   * through main. `opened: false` (web mode): the page opens it itself.
   */
  'system.openExternal': {
    input: z.strictObject({ url: HttpUrl }),
    output: z.object({ opened: z.boolean() }),
  },
} as const;

export const terminalStreams = {
  /** `docker exec -it <c> <shell>`: TTY, resize, input; ends when the shell exits; closing ends its processes. */
  'terminal.exec': stream<typeof ExecInput, TerminalFrame>(ExecInput),
  /** `docker attach [--detach-keys]`: the container's main process; closing detaches, never stops it. */
  'terminal.attach': stream<typeof AttachInput, TerminalFrame>(AttachInput),
  /** A shell on the host (node-pty); only where enabled. */
  'terminal.host': stream<typeof HostInput, TerminalFrame>(HostInput),
} as const;

/** The bytes a detach key sequence sends ("ctrl-p,ctrl-q" → 0x10 0x11). */
export function detachKeyBytes(keys: string): Uint8Array {
  const out: number[] = [];
  for (const k of keys.split(',')) {
    if (k.startsWith('ctrl-') && k.length === 6) {
      const c = k[5] as string;
      const special: Record<string, number> = { '@': 0, '[': 27, '\\': 28, ']': 29, '^': 30, _: 31 };
      out.push(special[c] ?? c.charCodeAt(0) - 96);
    } else out.push(k.charCodeAt(0));
  }
  return new Uint8Array(out);
}
