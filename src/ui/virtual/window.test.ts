import { describe, expect, it } from 'vitest';
import { rowWindow } from './window';

describe('rowWindow', () => {
  it('draws the rows in view and the overscan, and pads the rest', () => {
    const w = rowWindow({
      count: 100_000,
      rowHeight: 36,
      scrollTop: 36 * 500,
      viewportHeight: 720,
      overscan: 5,
    });
    expect(w.start).toBe(495);
    expect(w.end).toBe(500 + 21 + 5);
    expect(w.padTop).toBe(495 * 36);
    expect(w.padTop + (w.end - w.start) * 36 + w.padBottom).toBe(100_000 * 36);
  });

  it('stops at the last row when scrolled to the end', () => {
    const w = rowWindow({ count: 1000, rowHeight: 30, scrollTop: 30 * 1000, viewportHeight: 600 });
    expect(w.end).toBe(1000);
    expect(w.padBottom).toBe(0);
    expect(w.start).toBeLessThan(1000);
  });

  it('draws a short list whole', () => {
    expect(rowWindow({ count: 3, rowHeight: 36, scrollTop: 0, viewportHeight: 720 })).toEqual({
      start: 0,
      end: 3,
      padTop: 0,
      padBottom: 0,
    });
  });

  it('survives nonsense measurements (no rows, negative scroll, zero height)', () => {
    expect(rowWindow({ count: 0, rowHeight: 36, scrollTop: 0, viewportHeight: 720 }).end).toBe(0);
    const w = rowWindow({ count: 50, rowHeight: 0, scrollTop: -40, viewportHeight: 0, overscan: 2 });
    expect(w.start).toBe(0);
    expect(w.end).toBeLessThanOrEqual(50);
  });
});
