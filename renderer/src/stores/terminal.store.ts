import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { BerthError } from '../../../preload/contract/errors';
import { DEFAULT_DETACH_KEYS } from '../../../preload/contract/terminal.contract';

export type TabKind = 'exec' | 'attach' | 'host' | 'logs' | 'stats';
export type TabStatus = 'connecting' | 'open' | 'exited' | 'detached' | 'error';

export interface ExecOptions {
  shell?: string;
  user?: string;
  workdir?: string;
  env?: string[];
}

/** What a tab shows. Metadata only: the xterm instances and bytes live in the terminal registry. */
export interface TerminalTab {
  id: string;
  kind: TabKind;
  containerId?: string;
  /** The container's name (or "host"): the tab's label. */
  title: string;
  status: TabStatus;
  /** The shell that runs (exec), the container's command (attach). */
  shell?: string;
  tty?: boolean;
  openStdin?: boolean;
  exitCode?: number | null;
  error?: BerthError;
  /** Why it ended, for the banner's offer (start the container, reconnect…). */
  reason?: 'not_running' | 'no_shell' | 'engine_gone' | 'lost' | 'host_unavailable';
  tried?: string[];
  exec?: ExecOptions;
  detachKeys?: string;
  /** The engine the tab's container is on (engineKeyOf of the status then), and its name: sessions stay with it. */
  engineKey?: string;
  engineName?: string;
}

export const FONT_SIZES = { min: 9, max: 28, default: 13 } as const;

interface TerminalState {
  tabs: TerminalTab[];
  activeId: string | undefined;
  /** Settings (persisted). */
  fontSize: number;
  /** Let programs write the clipboard with OSC 52 (reading it never is). */
  allowClipboardWrite: boolean;
  detachKeys: string;
  add(tab: TerminalTab): void;
  update(id: string, patch: Partial<TerminalTab>): void;
  remove(id: string): void;
  activate(id: string): void;
  setFontSize(n: number): void;
  setAllowClipboardWrite(v: boolean): void;
  setDetachKeys(v: string): void;
}

const clampFont = (n: number) => Math.min(FONT_SIZES.max, Math.max(FONT_SIZES.min, Math.round(n)));

/** The terminal panel's tabs and settings. */
export const useTerminal = create<TerminalState>()(
  persist(
    (set, get) => ({
      tabs: [],
      activeId: undefined,
      fontSize: FONT_SIZES.default,
      allowClipboardWrite: false,
      detachKeys: DEFAULT_DETACH_KEYS,
      add: (tab) => set({ tabs: [...get().tabs, tab], activeId: tab.id }),
      update: (id, patch) => {
        if (!get().tabs.some((t) => t.id === id)) return;
        set({ tabs: get().tabs.map((t) => (t.id === id ? { ...t, ...patch } : t)) });
      },
      remove: (id) => {
        const tabs = get().tabs;
        const i = tabs.findIndex((t) => t.id === id);
        if (i < 0) return;
        const next = tabs.filter((t) => t.id !== id);
        const activeId = get().activeId === id ? (next[Math.min(i, next.length - 1)]?.id ?? undefined) : get().activeId;
        set({ tabs: next, activeId });
      },
      activate: (id) => set({ activeId: id }),
      setFontSize: (n) => set({ fontSize: clampFont(n) }),
      setAllowClipboardWrite: (allowClipboardWrite) => set({ allowClipboardWrite }),
      setDetachKeys: (detachKeys) => set({ detachKeys }),
    }),
    {
      name: 'berth.terminal',
      version: 1,
      // Sessions never outlive the page: only the settings persist.
      partialize: (s) => ({
        fontSize: s.fontSize,
        allowClipboardWrite: s.allowClipboardWrite,
        detachKeys: s.detachKeys,
      }),
    },
  ),
);
