import { describe, expect, it } from 'vitest';
import { headlines } from './headlines';

describe('bench headlines', () => {
  it('lists each section with the lines that hold a figure against a target', () => {
    const report = [
      '<!-- bench:a:start -->',
      '## Alpha bench',
      'Intro without figures.',
      '| p95 | 9.5 ms (target ≤ 50 ms) |',
      'A target with no figure here',
      '<!-- bench:a:end -->',
      'hand-written notes: target 1 (outside the markers, left out)',
      '<!-- bench:b:start -->',
      'No title, **12%** over the target of 3%',
      '<!-- bench:b:end -->',
    ].join('\n');
    expect(headlines(report)).toEqual([
      ['a', 'Alpha bench', ['| p95 | 9.5 ms (target ≤ 50 ms) |']],
      ['b', 'b', ['No title, 12% over the target of 3%']],
    ]);
  });
});
