import { describe, expect, it } from 'vitest';
import { DownloadMeter, computeStats, formatDuration } from './download-meter';

describe('download meter', () => {
  it('computes percent, speed and time left from samples', () => {
    const meter = new DownloadMeter(10_000);
    meter.add({ at: 0, loadedBytes: 0 });
    meter.add({ at: 1000, loadedBytes: 100_000 });
    meter.add({ at: 2000, loadedBytes: 200_000 });
    const s = meter.stats(1_000_000);
    expect(s.percent).toBeCloseTo(20);
    expect(s.bytesPerSecond).toBeCloseTo(100_000);
    expect(s.secondsLeft).toBeCloseTo(8);
  });

  it('measures speed over the window only, so a slowdown shows', () => {
    const meter = new DownloadMeter(2000);
    meter.add({ at: 0, loadedBytes: 0 });
    meter.add({ at: 1000, loadedBytes: 1_000_000 }); // fast start
    meter.add({ at: 2000, loadedBytes: 1_010_000 });
    meter.add({ at: 3000, loadedBytes: 1_020_000 });
    meter.add({ at: 4000, loadedBytes: 1_030_000 });
    const s = meter.stats(2_000_000);
    expect(s.bytesPerSecond).toBeLessThan(20_000);
    expect(s.bytesPerSecond).toBeGreaterThan(5_000);
  });

  it('has no speed or time left before two samples, and no percent without a total', () => {
    const one = computeStats([{ at: 5, loadedBytes: 10 }], null);
    expect(one).toMatchObject({ percent: null, bytesPerSecond: null, secondsLeft: null, loadedBytes: 10 });
    expect(computeStats([], 100)).toMatchObject({ loadedBytes: 0, percent: 0, secondsLeft: null });
  });

  it('says zero seconds left when everything arrived, and caps percent at 100', () => {
    const s = computeStats(
      [
        { at: 0, loadedBytes: 0 },
        { at: 10, loadedBytes: 120 },
      ],
      100,
    );
    expect(s.percent).toBe(100);
    expect(s.secondsLeft).toBe(0);
  });

  it('keeps the newest count for samples at the same instant', () => {
    const meter = new DownloadMeter();
    meter.add({ at: 0, loadedBytes: 0 });
    meter.add({ at: 1000, loadedBytes: 10 });
    meter.add({ at: 1000, loadedBytes: 50 });
    expect(meter.stats(100).bytesPerSecond).toBeCloseTo(50);
  });

  it('formats durations for people', () => {
    expect(formatDuration(null)).toBe('…');
    expect(formatDuration(3.2)).toBe('4 s');
    expect(formatDuration(125)).toBe('2 min 5 s');
    expect(formatDuration(3780)).toBe('1 h 3 min');
  });
});
