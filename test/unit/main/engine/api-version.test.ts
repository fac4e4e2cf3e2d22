import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BERTH_MAX_API, BERTH_MIN_API, compareApi, negotiateApiVersion } from '../../../../main/engine/api-version';

describe('compareApi', () => {
  it('orders versions numerically, not as strings', () => {
    expect(compareApi('1.9', '1.10')).toBeLessThan(0);
    expect(compareApi('1.10', '1.9')).toBeGreaterThan(0);
    expect(compareApi('1.41', '1.41')).toBe(0);
    expect(compareApi('2.0', '1.99')).toBeGreaterThan(0);
    expect(compareApi('1.44', '1.51')).toBeLessThan(0);
  });

  it('treats a missing minor as 0', () => {
    expect(compareApi('1', '1.0')).toBe(0);
    expect(compareApi('1', '1.1')).toBeLessThan(0);
  });

  it('property: antisymmetric and consistent with the numeric tuple order', () => {
    const version = fc.tuple(fc.nat({ max: 9 }), fc.nat({ max: 99 }));
    fc.assert(
      fc.property(version, version, ([am, an], [bm, bn]) => {
        const a = `${am}.${an}`;
        const b = `${bm}.${bn}`;
        const c = compareApi(a, b);
        expect(Math.sign(c)).toBe(-Math.sign(compareApi(b, a)) || 0);
        const expected = am !== bm ? Math.sign(am - bm) : Math.sign(an - bn);
        expect(Math.sign(c)).toBe(expected);
      }),
    );
  });
});

describe('negotiateApiVersion', () => {
  it('speaks the engine version when it is older than Berth (Docker 20.10: 1.41, min 1.12)', () => {
    expect(negotiateApiVersion('1.41', '1.12')).toBe('1.41');
  });

  it('speaks an in-between engine version as is', () => {
    expect(negotiateApiVersion('1.45', '1.24')).toBe('1.45');
  });

  it("caps at Berth's newest when the engine is newer (1.52, min 1.44)", () => {
    expect(negotiateApiVersion('1.52', '1.44')).toBe(BERTH_MAX_API);
  });

  it('speaks exactly Berth max when the engine is at Berth max', () => {
    expect(negotiateApiVersion(BERTH_MAX_API, undefined)).toBe(BERTH_MAX_API);
  });

  it('works without a MinAPIVersion', () => {
    expect(negotiateApiVersion('1.43', undefined)).toBe('1.43');
  });

  it("throws when the engine's minimum is above Berth's newest", () => {
    expect(() => negotiateApiVersion('1.60', '1.55')).toThrow(/needs API 1\.55 or newer/);
  });

  it('throws when the engine is older than Berth supports', () => {
    expect(() => negotiateApiVersion('1.40', '1.12')).toThrow(new RegExp(`Berth needs ${BERTH_MIN_API}`));
    expect(() => negotiateApiVersion('1.24', undefined)).toThrow(/speaks API 1\.24/);
  });

  it('property: the result is never above Berth max, never below Berth min or the engine min', () => {
    const v = fc.tuple(fc.constant(1), fc.integer({ min: 12, max: 70 })).map(([m, n]) => `${m}.${n}`);
    fc.assert(
      fc.property(v, fc.option(v, { nil: undefined }), (engine, min) => {
        let chosen: string;
        try {
          chosen = negotiateApiVersion(engine, min);
        } catch {
          // Refused: then no acceptable version existed.
          const best = compareApi(engine, BERTH_MAX_API) < 0 ? engine : BERTH_MAX_API;
          expect(compareApi(best, BERTH_MIN_API) < 0 || (min !== undefined && compareApi(best, min) < 0)).toBe(true);
          return;
        }
        expect(compareApi(chosen, BERTH_MAX_API)).toBeLessThanOrEqual(0);
        expect(compareApi(chosen, engine)).toBeLessThanOrEqual(0);
        expect(compareApi(chosen, BERTH_MIN_API)).toBeGreaterThanOrEqual(0);
        if (min) expect(compareApi(chosen, min)).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
