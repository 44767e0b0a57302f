import { describe, expect, it } from 'vitest';
import { RunPace } from './pace';

describe('RunPace', () => {
  it('counts the model loads still ahead, at the pace of the loads so far', () => {
    let t = 0;
    const pace = new RunPace(() => t);
    pace.planned(2);
    expect(pace.timeLeft(0, 36)).toBeNull();
    t = 12_000;
    pace.loaded(12_000); // the first model took 12 s to load
    t = 12_000 + 6 * 300; // six tasks at 0.3 s
    // 30 tasks at 0.3 s, and one more 12 s load: not "about 2 s left".
    expect(pace.timeLeft(6, 30)).toBeCloseTo(30 * 300 + 12_000);
    t += 12_000;
    pace.loaded(12_000);
    t += 300;
    expect(pace.timeLeft(7, 29)).toBeCloseTo(29 * 300);
  });

  it('nothing left is zero; a run without local loads is the task pace', () => {
    let t = 0;
    const pace = new RunPace(() => t);
    pace.planned(0);
    t = 1000;
    expect(pace.timeLeft(2, 4)).toBe(2000);
    expect(pace.timeLeft(3, 0)).toBe(0);
  });
});
