import { describe, expect, it } from 'vitest';
import { layoutChart, turnTicks, type ChartPoint } from './chart';

const box = { width: 400, height: 160, left: 40, right: 10, top: 10, bottom: 30 };
const point = (turn: number, drift: number, threshold = 0.75): ChartPoint => ({
  turn,
  drift,
  threshold,
  alert: drift > threshold,
  status: 'ok',
});

describe('drift chart layout', () => {
  it('labels every turn when there is room, and keeps the scale 0 to 1 for ordinary drift', () => {
    const layout = layoutChart([point(1, 0.2), point(2, 0.9), point(3, 0.5)], box);
    expect(layout.max).toBe(1);
    expect(layout.yTicks.map((t) => t.label)).toEqual(['0.00', '0.25', '0.50', '0.75', '1.00']);
    expect(layout.xTicks.map((t) => t.turn)).toEqual([1, 2, 3]);
    // 0 sits on the bottom of the plot, 1 on its top; turns run left to right across the width.
    expect(layout.yTicks[0]!.y).toBe(130);
    expect(layout.yTicks[4]!.y).toBe(10);
    expect(layout.points.map((p) => p.x)).toEqual([40, 215, 390]);
    expect(layout.points[1]!.y).toBeCloseTo(130 - 0.9 * 120);
  });

  it('grows the scale past 1 in quarter steps when a value is higher', () => {
    expect(layoutChart([point(1, 1.1)], box).max).toBe(1.25);
    expect(layoutChart([point(1, 0.1, 1.6)], box).max).toBe(1.75);
  });

  it('puts a single turn in the middle', () => {
    const layout = layoutChart([point(4, 0.3)], box);
    expect(layout.points[0]!.x).toBe(215);
    expect(layout.xTicks).toEqual([{ turn: 4, x: 215 }]);
  });

  it('thins turn labels on a narrow chart, always keeping the first and the last', () => {
    const ticks = turnTicks(40, 200);
    expect(ticks[0]).toBe(0);
    expect(ticks[ticks.length - 1]).toBe(39);
    expect(ticks.length).toBeLessThanOrEqual(Math.floor(200 / 28) + 2);
    for (let i = 1; i < ticks.length; i++) {
      expect((ticks[i]! - ticks[i - 1]!) * (200 / 39)).toBeGreaterThanOrEqual(28);
    }
    expect(turnTicks(0, 200)).toEqual([]);
    expect(turnTicks(5, 400)).toEqual([0, 1, 2, 3, 4]);
  });
});
