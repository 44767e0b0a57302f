import { describe, expect, it } from 'vitest';
import { bm25Scores, buildBm25, idf, terms } from './bm25';

/**
 * Scores worked by hand (k1 = 1.2, b = 0.75). Lengths 3, 6, 3: average 4.
 *   idf(N=3, n=1) = ln(1 + 2.5 / 1.5) = ln(2.6667) = 0.980829
 *   idf(N=3, n=2) = ln(1 + 1.5 / 2.5) = ln(1.6)    = 0.470004
 *   length 3: norm = 1.2 * (0.25 + 0.75 * 3 / 4) = 0.975; length 6: 1.2 * (0.25 + 1.125) = 1.65
 * "cat":     D1 = 0.980829 * 1 * 2.2 / (1 + 0.975) = 1.092569
 * "the sat": D1 = 2 * 0.470004 * 2.2 / 1.975 = 1.047097
 *            D2 = 0.470004 * (2 * 2.2 / (2 + 1.65) + 2.2 / (1 + 1.65)) = 0.470004 * (1.205479 + 0.830189) = 0.956771
 */
const index = buildBm25(['The cat sat.', 'The dog sat on the mat', 'Cats and dogs']);

describe('BM25', () => {
  it('matches scores computed by hand', () => {
    expect(idf(3, 1)).toBeCloseTo(0.980829, 6);
    expect(idf(3, 2)).toBeCloseTo(0.470004, 6);
    const cat = bm25Scores(index, 'cat');
    expect(cat[0]).toBeCloseTo(1.092569, 5);
    expect(cat[1]).toBe(0);
    expect(cat[2]).toBe(0);
    const theSat = bm25Scores(index, 'the sat');
    expect(theSat[0]).toBeCloseTo(1.047097, 5);
    expect(theSat[1]).toBeCloseTo(0.956771, 5);
    expect(theSat[2]).toBe(0);
  });

  it('counts a repeated query term once and ignores case and punctuation', () => {
    expect(bm25Scores(index, 'CAT, cat!')).toEqual(bm25Scores(index, 'cat'));
    expect(terms('Élan, naïve café 42')).toEqual(['élan', 'naïve', 'café', '42']);
  });

  it('a term in every chunk still scores above zero, and an empty index scores nothing', () => {
    const all = buildBm25(['x y', 'x z']);
    expect(bm25Scores(all, 'x')[0]).toBeGreaterThan(0);
    expect(bm25Scores(buildBm25([]), 'x')).toHaveLength(0);
  });
});
