/** The newest Engine API this build of Berth speaks. */
export const BERTH_MAX_API = '1.51';
/** The oldest we test against (Debian's dockerd 20.10). */
export const BERTH_MIN_API = '1.41';

export function compareApi(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}

/**
 * Speak the lower of Berth's newest and the engine's, never below the engine's
 * minimum (Docker 29 refuses anything under 1.44) nor below what Berth needs.
 */
export function negotiateApiVersion(engineApi: string, engineMin: string | undefined): string {
  const chosen = compareApi(engineApi, BERTH_MAX_API) < 0 ? engineApi : BERTH_MAX_API;
  if (engineMin && compareApi(chosen, engineMin) < 0) {
    throw new Error(`the engine needs API ${engineMin} or newer; Berth speaks up to ${BERTH_MAX_API}`);
  }
  if (compareApi(chosen, BERTH_MIN_API) < 0) {
    throw new Error(`the engine speaks API ${engineApi}; Berth needs ${BERTH_MIN_API} or newer`);
  }
  return chosen;
}
