import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon, type ISearchOptions } from '@xterm/addon-search';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { WebglAddon } from '@xterm/addon-webgl';
import { Terminal, type IDisposable } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { type BerthError, asBerthError } from '../../../preload/contract/errors';
import type { TerminalFrame } from '../../../preload/contract/terminal.contract';
import { api, mode } from '../api';
import type { StreamHandle } from '../api/client';
import { i18next } from '../i18n';
import { useTerminal, type ExecOptions, type TerminalTab } from '../stores/terminal.store';
import { safeHttpUrl, osc52Text } from './terminal-security';
import { currentTheme, TERMINAL_THEMES } from './terminal-theme';

export type SessionSpec =
  | { kind: 'exec'; containerId: string; exec: ExecOptions }
  | { kind: 'attach'; containerId: string; detachKeys: string }
  | { kind: 'host' };

/** Acknowledge in slices no larger than main's low-water mark, so it resumes as soon as the screen catches up. */
export const ACK_SLICE = 4096;
/**
 * Bytes xterm may hold unparsed before the renderer stops acknowledging on
 * receipt. Below it, frames are acked at once and the stream keeps flowing
 * while xterm parses; above it, acks wait for xterm's write callbacks, so
 * main pauses the engine stream. Bounds the page's memory to about this.
 */
export const RENDER_BUDGET = 1024 * 1024;
/** WebGL contexts are limited per page (about 16): past this many, terminals use the DOM renderer. */
const MAX_WEBGL = 8;
let webglInUse = 0;

/** Open a link from terminal output: http(s) only, through main on the desktop. */
export function openLink(candidate: string): void {
  const url = safeHttpUrl(candidate);
  if (!url) return;
  if (mode === 'web') {
    window.open(url, '_blank', 'noopener,noreferrer');
    return;
  }
  void api.call('system.openExternal', { url }).then(
    (r) => {
      if (!r.opened) window.open(url, '_blank', 'noopener,noreferrer');
    },
    () => {},
  );
}

let hardware: boolean | undefined;
/**
 * WebGL drawn by the GPU. A software rasterizer (SwiftShader, llvmpipe: no
 * GPU, or --disable-gpu) is slower than xterm's DOM renderer, so it is skipped.
 */
export function hardwareWebgl(): boolean {
  if (hardware !== undefined) return hardware;
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return (hardware = false);
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    hardware = !/swiftshader|llvmpipe|softpipe|software|basic render/i.test(name);
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  } catch {
    hardware = false;
  }
  return hardware;
}

const t = (key: string, opts: Record<string, unknown> = {}): string => i18next.t(key, opts);
const dim = (s: string) => `\r\n\x1b[2m${s}\x1b[0m\r\n`;

/**
 * One terminal tab's xterm and its stream. Lives in the registry (outside
 * React and zustand) from the tab's opening to its closing, so switching
 * panels or tabs reuses it: never a new Terminal per visit.
 */
export class TerminalSession {
  /** The element xterm renders into; moved between the panel's hosts, never re-created. */
  readonly el: HTMLDivElement;
  readonly term: Terminal;
  private readonly fitAddon = new FitAddon();
  readonly search = new SearchAddon({ highlightLimit: 2000 });
  private webgl: WebglAddon | undefined;
  private handle: StreamHandle | undefined;
  private opened = false;
  private disposed = false;
  private pendingAcks = 0;
  private resizeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: IDisposable[] = [];
  private generation = 0;
  /** A non-TTY attach has no line discipline in the container: echo and edit the line here, send it on Enter. */
  private cooked = false;
  private line = '';
  /** Bytes written to xterm whose callback has not fired (the renderer's backlog). */
  backlog = 0;
  renderer: 'webgl' | 'dom' = 'dom';

  constructor(
    readonly id: string,
    readonly spec: SessionSpec,
  ) {
    const s = useTerminal.getState();
    this.el = document.createElement('div');
    this.el.className = 'term-host';
    this.el.dataset.session = id;
    this.term = new Terminal({
      allowProposedApi: true,
      fontFamily:
        "ui-monospace, 'SFMono-Regular', 'DejaVu Sans Mono', Menlo, Consolas, 'Noto Sans Mono CJK SC', monospace",
      fontSize: s.fontSize,
      scrollback: 10_000,
      cursorBlink: true,
      theme: TERMINAL_THEMES[currentTheme()],
      // Untrusted output: no window manipulation or size reports (all false, the default, kept explicit).
      windowOptions: {},
      // OSC 8 hyperlinks: http(s) only, through main.
      linkHandler: { activate: (_e, text) => openLink(text), allowNonHttpProtocols: false },
    });
    this.term.loadAddon(this.fitAddon);
    this.term.loadAddon(this.search);
    this.term.loadAddon(new WebLinksAddon((_e, uri) => openLink(uri)));
    const unicode = new Unicode11Addon();
    this.term.loadAddon(unicode);
    this.term.unicode.activeVersion = '11';
    // OSC 52: never read the clipboard; write it only if the user allowed it.
    this.disposables.push(
      this.term.parser.registerOscHandler(52, (data) => {
        if (useTerminal.getState().allowClipboardWrite) {
          const text = osc52Text(data);
          if (text !== undefined) void navigator.clipboard?.writeText(text).catch(() => {});
        }
        return true;
      }),
    );
    // Titles are swallowed: a program never renames the window or the tab (no onTitleChange listener).
    this.disposables.push(
      this.term.onData((d) => (this.cooked ? this.cookedInput(d) : this.handle?.write(d))),
      this.term.onBinary((d) => this.handle?.write(Uint8Array.from(d, (c) => c.charCodeAt(0) & 0xff))),
      this.term.onResize(({ cols, rows }) => {
        clearTimeout(this.resizeTimer);
        this.resizeTimer = setTimeout(() => this.handle?.resize(cols, rows), 60);
      }),
    );
    this.term.attachCustomKeyEventHandler((e) => this.onKey(e));
  }

  private get tab(): TerminalTab | undefined {
    return useTerminal.getState().tabs.find((x) => x.id === this.id);
  }
  private update(patch: Partial<TerminalTab>) {
    useTerminal.getState().update(this.id, patch);
  }

  /** Copy, paste and search keys (Ctrl+Shift+C/V/F); everything else goes to the program, Ctrl+C at once. */
  onSearchKey: (() => void) | undefined;
  private onKey(e: KeyboardEvent): boolean {
    if (e.type !== 'keydown') return true;
    const mod = (e.ctrlKey && e.shiftKey) || (e.metaKey && !e.ctrlKey);
    if (!mod) return true;
    const k = e.key.toLowerCase();
    if (k === 'c' && this.term.hasSelection()) {
      void this.copySelection();
      return false;
    }
    if (k === 'v' && e.ctrlKey) {
      void this.pasteClipboard();
      return false;
    }
    if (k === 'f') {
      this.onSearchKey?.();
      return false;
    }
    return true;
  }

  async copySelection(): Promise<boolean> {
    const text = this.term.getSelection();
    if (!text) return false;
    await navigator.clipboard?.writeText(text);
    return true;
  }
  /** The user's own paste (a button or Ctrl+Shift+V), not a program's clipboard read. */
  async pasteClipboard(): Promise<void> {
    const text = await navigator.clipboard?.readText();
    if (text) this.term.paste(text);
  }

  /** Show in `host` (the panel's slot for this tab): the same element and Terminal every time. */
  attach(host: HTMLElement): void {
    if (this.disposed) return;
    if (this.el.parentElement !== host) host.appendChild(this.el);
    if (!this.opened) {
      this.opened = true;
      this.term.open(this.el);
      this.loadRenderer();
    }
    this.fit();
  }

  detach(): void {
    this.el.remove();
  }

  private loadRenderer(): void {
    if (webglInUse >= MAX_WEBGL || !hardwareWebgl()) return;
    try {
      const webgl = new WebglAddon();
      webgl.onContextLoss(() => this.dropWebgl());
      this.term.loadAddon(webgl);
      this.webgl = webgl;
      this.renderer = 'webgl';
      webglInUse++;
    } catch {
      this.renderer = 'dom'; // no WebGL here: xterm's DOM renderer takes over
    }
  }
  private dropWebgl(): void {
    if (!this.webgl) return;
    try {
      this.webgl.dispose();
    } catch {
      /* already gone */
    }
    this.webgl = undefined;
    this.renderer = 'dom';
    webglInUse--;
  }

  /** Fit to the slot, unless it is hidden or unmeasurable (the fit addon would propose NaN). */
  fit(): void {
    if (!this.opened || !this.el.isConnected || this.el.clientWidth < 10 || this.el.clientHeight < 10) return;
    const d = this.fitAddon.proposeDimensions();
    if (!d || !Number.isFinite(d.cols) || !Number.isFinite(d.rows) || d.cols < 2 || d.rows < 1) return;
    if (d.cols !== this.term.cols || d.rows !== this.term.rows) this.term.resize(d.cols, d.rows);
  }

  setFontSize(n: number): void {
    this.term.options.fontSize = n;
    this.fit();
  }
  setTheme(theme: 'light' | 'dark'): void {
    this.term.options.theme = TERMINAL_THEMES[theme];
  }

  find(query: string, dir: 'next' | 'previous', opts: ISearchOptions = {}): boolean {
    const dark = currentTheme() === 'dark';
    const o: ISearchOptions = {
      ...opts,
      decorations: {
        matchBackground: dark ? '#5a4a12' : '#fff1a8',
        matchOverviewRuler: '#d29922',
        activeMatchBackground: dark ? '#9a6700' : '#ffb224',
        activeMatchColorOverviewRuler: '#ff8c00',
      },
    };
    return dir === 'next' ? this.search.findNext(query, o) : this.search.findPrevious(query, o);
  }

  /** Send the detach keys (attach tabs). */
  sendDetachKeys(keys: string): void {
    const bytes: number[] = [];
    for (const k of keys.split(',')) {
      if (k.startsWith('ctrl-') && k.length === 6) {
        const c = k[5] as string;
        const special: Record<string, number> = { '@': 0, '[': 27, '\\': 28, ']': 29, '^': 30, _: 31 };
        bytes.push(special[c] ?? c.charCodeAt(0) - 96);
      } else bytes.push(k.charCodeAt(0));
    }
    this.handle?.write(new Uint8Array(bytes));
  }

  /** Open (or re-open) the stream. Output goes to xterm; acks go back as xterm catches up. */
  async connect(): Promise<void> {
    if (this.disposed) return;
    const gen = ++this.generation;
    this.handle?.close();
    this.handle = undefined;
    this.pendingAcks = 0;
    this.update({
      status: 'connecting',
      error: undefined,
      reason: undefined,
      exitCode: undefined,
      tried: undefined,
    });
    const size = { cols: this.term.cols, rows: this.term.rows };
    const cb = {
      autoAck: false,
      onFrames: (frames: TerminalFrame[]) => {
        if (gen === this.generation) this.onFrames(frames);
      },
      onEnd: (error?: BerthError) => {
        if (gen === this.generation) this.onEnd(error);
      },
    };
    try {
      const spec = this.spec;
      const handle =
        spec.kind === 'exec'
          ? await api.stream('terminal.exec', { id: spec.containerId, ...spec.exec, ...size }, cb)
          : spec.kind === 'attach'
            ? await api.stream('terminal.attach', { id: spec.containerId, detachKeys: spec.detachKeys, ...size }, cb)
            : await api.stream('terminal.host', size, cb);
      if (this.disposed || gen !== this.generation) {
        handle.close();
        return;
      }
      this.handle = handle;
      if (this.pendingAcks) {
        handle.ack(this.pendingAcks);
        this.pendingAcks = 0;
      }
      // The size may have changed while opening.
      if (this.term.cols !== size.cols || this.term.rows !== size.rows) handle.resize(this.term.cols, this.term.rows);
      if (this.tab?.status === 'connecting') this.update({ status: 'open' });
    } catch (e) {
      if (gen !== this.generation) return;
      const error = asBerthError(e);
      this.update({ status: 'error', error, reason: reasonOf(error, this.spec) });
    }
  }

  private ack(bytes: number): void {
    if (this.handle) this.handle.ack(bytes);
    else this.pendingAcks += bytes;
  }

  private onFrames(frames: TerminalFrame[]): void {
    for (const f of frames) {
      if (f.channel === 'status') {
        if (f.status === 'started') {
          // No TTY: output has bare \n, input goes line by line (as `docker attach` in a cooked terminal).
          this.cooked = !f.tty;
          this.term.options.convertEol = !f.tty;
          this.update({
            status: 'open',
            ...(f.shell !== undefined ? { shell: f.shell } : {}),
            tty: f.tty,
            ...(f.openStdin !== undefined ? { openStdin: f.openStdin } : {}),
          });
        } else if (f.status === 'exited') {
          this.update({ status: 'exited', exitCode: f.exitCode });
          this.term.write(dim(t('terminal.inline.exited', { code: f.exitCode ?? '?' })));
        } else if (f.status === 'detached') {
          this.update({ status: 'detached' });
          this.term.write(dim(t('terminal.inline.detached')));
        } else if (f.status === 'no_shell') {
          this.update({ tried: f.tried });
        }
        continue;
      }
      const data = f.data;
      if (this.backlog + data.byteLength <= RENDER_BUDGET) {
        // Room left: acknowledge now, so main keeps the stream flowing while xterm parses.
        const n = data.byteLength;
        this.backlog += n;
        this.ack(n);
        this.term.write(data, () => {
          this.backlog -= n;
        });
        continue;
      }
      // Behind: acknowledge only as xterm catches up, in slices no larger than main's low-water mark.
      for (let off = 0; off < data.byteLength; off += ACK_SLICE) {
        const part = data.subarray(off, Math.min(data.byteLength, off + ACK_SLICE));
        const n = part.byteLength;
        this.backlog += n;
        this.term.write(part, () => {
          this.backlog -= n;
          this.ack(n);
        });
      }
    }
  }

  private onEnd(error?: BerthError): void {
    this.handle = undefined;
    const tab = this.tab;
    if (!error) {
      if (tab && (tab.status === 'open' || tab.status === 'connecting')) this.update({ status: 'exited' });
      return;
    }
    const reason = reasonOf(error, this.spec, tab?.tried);
    this.update({ status: 'error', error, reason });
    if (reason === 'engine_gone' || reason === 'lost') this.term.write(dim(t('terminal.inline.lost')));
  }

  private cookedInput(d: string): void {
    for (const ch of d) {
      if (ch === '\r' || ch === '\n') {
        this.term.write('\r\n');
        this.handle?.write(`${this.line}\n`);
        this.line = '';
      } else if (ch === '\x7f' || ch === '\b') {
        if (this.line) {
          this.line = this.line.slice(0, -1);
          this.term.write('\b \b');
        }
      } else if (ch === '\x15') {
        this.term.write('\b \b'.repeat([...this.line].length));
        this.line = '';
      } else if (ch >= ' ' || ch === '\t') {
        this.line += ch;
        this.term.write(ch);
      }
    }
  }

  /** Close the stream (main ends the exec's processes) and free the terminal. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.generation++;
    clearTimeout(this.resizeTimer);
    this.handle?.close();
    this.handle = undefined;
    for (const d of this.disposables) d.dispose();
    this.dropWebgl();
    this.term.dispose();
    this.el.remove();
  }

  /** The screen and scrollback as text (tests and "copy all"). */
  text(): string {
    const buf = this.term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < buf.length; i++) lines.push(buf.getLine(i)?.translateToString(true) ?? '');
    while (lines.length && !lines[lines.length - 1]) lines.pop();
    return lines.join('\n');
  }
}

function reasonOf(error: BerthError, spec: SessionSpec, tried?: string[]): TerminalTab['reason'] {
  if (spec.kind === 'host' && (error.code === 'internal' || error.code === 'permission_denied')) {
    return 'host_unavailable';
  }
  // exec and attach answer conflict only when the container does not run (stopped or paused).
  if (error.code === 'conflict' && spec.kind !== 'host') return 'not_running';
  // A no_shell frame (the shells tried) comes just before the end.
  if (error.code === 'not_found' && tried) return 'no_shell';
  if (error.code === 'engine_unreachable') return 'engine_gone';
  if (error.code === 'stream_error') return 'lost';
  return undefined;
}
