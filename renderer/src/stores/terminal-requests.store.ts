import { create } from 'zustand';
import { useNavigation } from './navigation.store';

/** A request from another panel (containers list, details, tray, run form) to open a terminal tab. */
export interface TerminalRequest {
  containerId: string;
  mode: 'exec' | 'attach';
  /** Unique per request, so the same container can be asked for twice. */
  seq: number;
}

interface TerminalRequestsState {
  pending: TerminalRequest[];
  /** Ask the terminal panel to open a tab (`docker exec -it` or `docker attach`); switches to it. */
  request(r: { containerId: string; mode: 'exec' | 'attach' }): void;
  /** The terminal panel takes what is pending (and opens a tab for each). */
  take(): TerminalRequest[];
}

let seq = 0;

/** Pending terminal requests: any panel asks, the terminal panel consumes. */
export const useTerminalRequests = create<TerminalRequestsState>()((set, get) => ({
  pending: [],
  request: ({ containerId, mode }) => {
    set({ pending: [...get().pending, { containerId, mode, seq: ++seq }] });
    useNavigation.getState().setPanel('terminal');
  },
  take: () => {
    const taken = get().pending;
    if (taken.length) set({ pending: [] });
    return taken;
  },
}));
