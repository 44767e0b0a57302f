import { describe, expect, it } from 'vitest';
import {
  blend,
  clusterByThreshold,
  cosine,
  meanPairwiseDistance,
  meanVector,
  normalize,
  round,
} from './vectors';

describe('math', () => {
  it('cosine is 1 for the same direction, 0 for orthogonal, -1 for opposite, whatever the lengths', () => {
    expect(cosine([1, 0], [3, 0])).toBe(1);
    expect(cosine([1, 0], [0, 2])).toBe(0);
    expect(cosine([1, 1], [-2, -2])).toBeCloseTo(-1, 12);
  });

  it('cosine with a zero vector is 0, not NaN, so empty messages never match', () => {
    expect(cosine([0, 0], [1, 0])).toBe(0);
  });

  it('cosine refuses vectors of different lengths', () => {
    expect(() => cosine([1], [1, 0])).toThrow(RangeError);
  });

  it('meanVector averages element-wise and does not mutate inputs', () => {
    const a = new Float32Array([1, 2]);
    expect(Array.from(meanVector([a, [3, 4]]))).toEqual([2, 3]);
    expect(Array.from(a)).toEqual([1, 2]);
    expect(() => meanVector([])).toThrow(RangeError);
  });

  it('normalize gives unit length and leaves a zero vector at zero', () => {
    expect(Array.from(normalize([3, 4]))).toEqual([0.6, 0.8]);
    expect(Array.from(normalize([0, 0]))).toEqual([0, 0]);
  });

  it('blend points halfway between two directions', () => {
    const b = blend([1, 0], [0, 5]);
    expect(b[0]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(b[1]).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it('round gives display precision and never -0', () => {
    expect(round(0.12345)).toBe(0.123);
    expect(Object.is(round(-0.0001), 0)).toBe(true);
  });

  it('meanPairwiseDistance is 0 for one vector and 1 for mutually orthogonal ones', () => {
    expect(meanPairwiseDistance([[1, 0]])).toBe(0);
    expect(
      meanPairwiseDistance([
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ]),
    ).toBe(1);
  });

  it('clusterByThreshold groups similar vectors and separates dissimilar ones, deterministically', () => {
    const v = [
      [1, 0],
      [0.95, 0.05],
      [0, 1],
      [0.05, 0.95],
      [1, 0.01],
    ];
    expect(clusterByThreshold(v, 0.8)).toEqual([0, 0, 1, 1, 0]);
    expect(clusterByThreshold(v, 0.8)).toEqual(clusterByThreshold(v, 0.8));
    expect(new Set(clusterByThreshold(v, 1.01)).size).toBe(5);
  });
});
