import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../../main/engine/engine-connection';

describe('backoffDelay', () => {
  it('doubles from the initial delay and stops at the maximum', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, 250, 4000))).toEqual([
      250, 500, 1000, 2000, 4000, 4000, 4000,
    ]);
  });

  it('treats a negative attempt as the first', () => {
    expect(backoffDelay(-3, 250, 4000)).toBe(250);
  });

  it('stays finite and capped for huge attempt counts', () => {
    expect(backoffDelay(10_000, 250, 4000)).toBe(4000);
  });

  it('property: never above max, never below min(initial, max), non-decreasing', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 120_000 }),
        (attempt, initial, max) => {
          const d = backoffDelay(attempt, initial, max);
          expect(d).toBeLessThanOrEqual(max);
          expect(d).toBeGreaterThanOrEqual(Math.min(initial, max));
          expect(backoffDelay(attempt + 1, initial, max)).toBeGreaterThanOrEqual(d);
        },
      ),
    );
  });
});
