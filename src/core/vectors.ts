/**
 * Vector helpers for sentence embeddings (health, router, compression): the one cosine
 * similarity. Inputs are never mutated; sums are accumulated in float64 (JS numbers) so results
 * do not depend on the input array type.
 */

export type Vector = ArrayLike<number>;

export function dot(a: Vector, b: Vector): number {
  if (a.length !== b.length) {
    throw new RangeError(`Vectors differ in length: ${a.length} vs ${b.length}.`);
  }
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

export function norm(a: Vector): number {
  return Math.sqrt(dot(a, a));
}

/**
 * Cosine similarity in [-1, 1]. Does not assume unit-norm inputs. A zero vector is similar
 * to nothing: the result is 0 (not NaN), so an empty message never looks like a match.
 * Vectors of different lengths (different models) throw a RangeError.
 */
export function cosine(a: Vector, b: Vector): number {
  const d = dot(a, b);
  const n = norm(a) * norm(b);
  if (n === 0 || !Number.isFinite(n)) return 0;
  return Math.min(1, Math.max(-1, d / n));
}
