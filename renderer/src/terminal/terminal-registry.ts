import { useTerminal } from '../stores/terminal.store';
import { TerminalSession, type SessionSpec } from './terminal-session';
import { currentTheme } from './terminal-theme';

/**
 * The terminal sessions of this page, keyed by tab id: xterm instances and
 * streams live here, outside React and zustand, from a tab's opening to its
 * closing. Panels come and go; the sessions stay.
 */
const sessions = new Map<string, TerminalSession>();

export const terminalRegistry = {
  create(id: string, spec: SessionSpec): TerminalSession {
    const existing = sessions.get(id);
    if (existing) return existing;
    const s = new TerminalSession(id, spec);
    sessions.set(id, s);
    return s;
  },
  get(id: string): TerminalSession | undefined {
    return sessions.get(id);
  },
  dispose(id: string): void {
    sessions.get(id)?.dispose();
    sessions.delete(id);
  },
  get size(): number {
    return sessions.size;
  },
  ids(): string[] {
    return [...sessions.keys()];
  },
};

// Settings and theme apply to every open terminal, imperatively.
useTerminal.subscribe((s, prev) => {
  if (s.fontSize !== prev.fontSize) for (const x of sessions.values()) x.setFontSize(s.fontSize);
});
if (typeof MutationObserver !== 'undefined') {
  new MutationObserver(() => {
    const theme = currentTheme();
    for (const x of sessions.values()) x.setTheme(theme);
  }).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
}

/**
 * Read-only look at the terminals for tests and debugging (the e2e suite
 * reads the screen through it whichever renderer draws it).
 */
declare global {
  interface Window {
    berthTerminals?: {
      ids(): string[];
      text(id: string): string;
      renderer(id: string): string | undefined;
      backlog(id: string): number;
      size(id: string): { cols: number; rows: number } | undefined;
      /** Type `data` as the user would; resolves (ms) once `needle` is parsed near the cursor and drawn. */
      typeUntil(id: string, data: string, needle: string, timeoutMs?: number): Promise<number>;
    };
  }
}
window.berthTerminals = {
  ids: () => terminalRegistry.ids(),
  text: (id) => sessions.get(id)?.text() ?? '',
  renderer: (id) => sessions.get(id)?.renderer,
  backlog: (id) => sessions.get(id)?.backlog ?? 0,
  typeUntil: (id, data, needle, timeoutMs = 120_000) =>
    new Promise<number>((resolve) => {
      const s = sessions.get(id);
      if (!s) return resolve(-1);
      const term = s.term;
      const t0 = performance.now();
      const near = () => {
        const b = term.buffer.active;
        const y = b.baseY + b.cursorY;
        let text = '';
        for (let i = Math.max(0, y - 3); i <= y; i++) text += `${b.getLine(i)?.translateToString(true) ?? ''}\n`;
        return text;
      };
      const before = near();
      const timer = setTimeout(() => {
        parsed.dispose();
        resolve(-1);
      }, timeoutMs);
      const parsed = term.onWriteParsed(() => {
        const now = near();
        if (now === before || !now.includes(needle)) return;
        parsed.dispose();
        clearTimeout(timer);
        const drawn = term.onRender(() => {
          drawn.dispose();
          resolve(performance.now() - t0);
        });
      });
      term.input(data, true);
    }),
  size: (id) => {
    const s = sessions.get(id);
    return s ? { cols: s.term.cols, rows: s.term.rows } : undefined;
  },
};
