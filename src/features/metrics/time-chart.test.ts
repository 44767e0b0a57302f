import { describe, expect, it } from 'vitest';
import { latestFilled, legendIndex } from './time-chart';

describe('the time chart legend', () => {
  it('reads the latest bucket any series has a value in', () => {
    expect(
      latestFilled([
        [1, null, 3, null],
        [null, 2, null, null],
      ]),
    ).toBe(2);
    expect(latestFilled([[null, 5], [7]])).toBe(1);
    expect(latestFilled([[null, Number.NaN]])).toBeNull();
    expect(latestFilled([])).toBeNull();
  });

  it('follows the cursor, and shows the latest bucket without one', () => {
    expect(legendIndex(4, 9)).toBe(4);
    expect(legendIndex(0, 9)).toBe(0);
    expect(legendIndex(null, 9)).toBe(9);
    expect(legendIndex(null, null)).toBeNull();
  });
});
