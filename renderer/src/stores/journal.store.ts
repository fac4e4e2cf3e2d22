import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { ApiClient } from '../api/client';
import { commandFor, type NameBook } from '../lib/journal';

export interface JournalEntry {
  seq: number;
  /** ms since the epoch. */
  time: number;
  /** The contract call or stream behind it. */
  call: string;
  /** One or more docker CLI lines. */
  command: string;
}

/** The journal keeps the latest this many entries. */
export const JOURNAL_LIMIT = 2000;

interface JournalState {
  entries: JournalEntry[];
  nextSeq: number;
  record(call: string, command: string, time?: number): void;
  clear(): void;
}

/**
 * The command journal: the docker equivalent of every change made in Berth,
 * in order. Kept for the session (sessionStorage: a reload keeps it, a new
 * window or tab starts afresh).
 */
export function createJournalStore(storage?: () => Storage) {
  return create<JournalState>()(
    persist(
      (set, get) => ({
        entries: [],
        nextSeq: 1,
        record(call, command, time = Date.now()) {
          const seq = get().nextSeq;
          const entries = [...get().entries, { seq, time, call, command }];
          set({ entries: entries.length > JOURNAL_LIMIT ? entries.slice(-JOURNAL_LIMIT) : entries, nextSeq: seq + 1 });
        },
        clear: () => set({ entries: [] }),
      }),
      {
        name: 'berth.journal',
        version: 1,
        storage: createJSONStorage(storage ?? (() => sessionStorage)),
      },
    ),
  );
}

export type JournalStore = ReturnType<typeof createJournalStore>;

/**
 * Listen to the typed client: every call that succeeded and every stream that
 * opened is mapped to its docker command (lib/journal.ts) and recorded.
 * Returns the uninstaller.
 */
export function installJournal(api: ApiClient, store: JournalStore): () => void {
  const engines = new Map<string, string>();
  const names: NameBook = { engine: (id) => engines.get(id) };
  const hook: ApiClient['onCallSucceeded'] = (name, input, output) => {
    try {
      // Engines become CLI contexts by name: remember the names Berth has seen.
      if (name === 'engines.list' && Array.isArray(output)) {
        for (const e of output as { id?: string; name?: string }[]) if (e.id && e.name) engines.set(e.id, e.name);
      }
      const command = commandFor(name, input, output, names);
      if (command) store.getState().record(name, command);
    } catch {
      /* the journal never breaks a call */
    }
  };
  api.onCallSucceeded = hook;
  return () => {
    if (api.onCallSucceeded === hook) api.onCallSucceeded = undefined;
  };
}
