import { describe, expect, it } from 'vitest';
import { cosine, rankBy, reciprocalRankFusion } from './fusion';

describe('cosine similarity', () => {
  it('is 1 for the same direction, 0 for orthogonal, -1 for opposite', () => {
    expect(cosine([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosine([1, 0], [0, 5])).toBe(0);
    expect(cosine([1, 1], [-1, -1])).toBeCloseTo(-1, 12);
    expect(cosine([0, 0], [1, 1])).toBe(0);
    expect(() => cosine([1], [1, 2])).toThrow(/sizes/);
  });
});

describe('reciprocal rank fusion (k = 60)', () => {
  it('sums 1 / (60 + rank) over the rankings', () => {
    // Lexical: 2, 0, 1. Semantic: 0, 3.
    const fused = reciprocalRankFusion([
      [2, 0, 1],
      [0, 3],
    ]);
    // 0: 1/62 + 1/61 = 0.032522; 2: 1/61 = 0.016393; 3: 1/62 = 0.016129; 1: 1/63 = 0.015873.
    expect(fused.map((f) => f.index)).toEqual([0, 2, 3, 1]);
    expect(fused[0]!.score).toBeCloseTo(1 / 62 + 1 / 61, 12);
    expect(fused[0]!.ranks).toEqual([2, 1]);
    expect(fused[2]!.ranks).toEqual([null, 2]);
  });

  it('agreement between the two beats a single first place', () => {
    const fused = reciprocalRankFusion([
      [5, 7],
      [6, 7],
    ]);
    expect(fused[0]!.index).toBe(7);
  });

  it('rankBy orders by score, filters and limits, ties by index', () => {
    expect(rankBy([0.1, 0.9, 0, 0.9], 10, (s) => s > 0)).toEqual([1, 3, 0]);
    expect(rankBy([3, 2, 1], 2)).toEqual([0, 1]);
  });
});
