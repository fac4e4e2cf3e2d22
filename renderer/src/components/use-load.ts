import { useEffect, useState } from 'react';
import { type BerthError, asBerthError } from '../../../preload/contract/errors';

/**
 * Something to show, read once per key (an id, a name, an option): the answer, or why there is none.
 * An answer for an older key is never shown, and one that arrives after unmount is dropped.
 */
export function useLoad<T>(load: () => Promise<T>, key: string): { value?: T; error?: BerthError } {
  const [state, setState] = useState<{ key: string; value?: T; error?: BerthError }>({ key: '\u0000' });
  useEffect(() => {
    let live = true;
    load().then(
      (value) => live && setState({ key, value }),
      (error: unknown) => live && setState({ key, error: asBerthError(error) }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reload when the key changes
  }, [key]);
  return state.key === key ? state : {};
}

/** One thing a dialog does at a time (create, remove, prune…): busy while it runs, its error when it fails. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<BerthError>();
  const run = <T>(start: () => Promise<T>, done?: (value: T) => void) => {
    setBusy(true);
    setError(undefined);
    start().then(
      (value) => {
        setBusy(false);
        done?.(value);
      },
      (e: unknown) => {
        setBusy(false);
        setError(asBerthError(e));
      },
    );
  };
  return { busy, error, setError, run };
}
