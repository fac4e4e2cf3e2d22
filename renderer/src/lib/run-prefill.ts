import { create } from 'zustand';
import { useNavigation } from '../stores/navigation.store';

/** What the run form should start with, in the docker CLI's own terms. */
export interface RunPrefill {
  /** `-v` values: "volume:/path" or "volume:/path:ro". */
  volumes?: string[];
  /** `--volumes-from` values: container names or ids. */
  volumesFrom?: string[];
  /** `--network` value: a network name. */
  network?: string;
}

interface RunPrefillState {
  /** The pending request; `seq` changes on every request, so the same prefill twice still opens. */
  request: (RunPrefill & { seq: number }) | undefined;
  /** The run form reads the request and clears it. */
  take(): RunPrefill | undefined;
}

let seq = 0;

export const useRunPrefill = create<RunPrefillState>()((set, get) => ({
  request: undefined,
  take() {
    const r = get().request;
    if (!r) return undefined;
    set({ request: undefined });
    const { seq: _seq, ...prefill } = r;
    return prefill;
  },
}));

/** Open the run form (in the containers panel) pre-filled: from volumes ("run with this volume"), networks… */
export function requestRunForm(prefill: RunPrefill): void {
  useRunPrefill.setState({ request: { ...prefill, seq: ++seq } });
  useNavigation.getState().setPanel('containers');
}
