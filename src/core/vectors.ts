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

/** Element-wise mean of one or more vectors of equal length (float64). */
export function meanVector(vectors: readonly Vector[]): Float64Array {
  const first = vectors[0];
  if (!first) throw new RangeError('meanVector needs at least one vector.');
  const out = new Float64Array(first.length);
  for (const v of vectors) {
    if (v.length !== out.length) {
      throw new RangeError(`Vectors differ in length: ${out.length} vs ${v.length}.`);
    }
    for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + (v[i] as number);
  }
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / vectors.length;
  return out;
}

/** Returns a unit-length copy (float64); a zero vector stays zero. */
export function normalize(a: Vector): Float64Array {
  const out = new Float64Array(a.length);
  const n = norm(a);
  if (n === 0) return out;
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) / n;
  return out;
}

/** Unit-length sum of two vectors: the direction "between" them. */
export function blend(a: Vector, b: Vector): Float64Array {
  if (a.length !== b.length) {
    throw new RangeError(`Vectors differ in length: ${a.length} vs ${b.length}.`);
  }
  const out = new Float64Array(a.length);
  const na = norm(a) || 1;
  const nb = norm(b) || 1;
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) / na + (b[i] as number) / nb;
  return normalize(out);
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

export function clamp01(x: number): number {
  return clamp(x, 0, 1);
}

/** Rounds to `digits` decimals; used so every number in a report is what is displayed. */
export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

/** Mean of 1 - cosine over all unordered pairs; 0 for fewer than two vectors. */
export function meanPairwiseDistance(vectors: readonly Vector[]): number {
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < vectors.length; i++) {
    for (let j = i + 1; j < vectors.length; j++) {
      sum += 1 - cosine(vectors[i] as Vector, vectors[j] as Vector);
      pairs++;
    }
  }
  return pairs === 0 ? 0 : sum / pairs;
}

/**
 * Greedy centroid clustering in order: each vector joins the most similar existing cluster
 * whose centroid has cosine >= `threshold`, otherwise starts a new cluster. Deterministic
 * for a given order. Returns the cluster index of each vector.
 */
export function clusterByThreshold(vectors: readonly Vector[], threshold: number): number[] {
  const sums: Float64Array[] = [];
  const labels: number[] = [];
  for (const v of vectors) {
    let best = -1;
    let bestSim = -Infinity;
    for (let c = 0; c < sums.length; c++) {
      const sim = cosine(v, sums[c] as Float64Array);
      if (sim >= threshold && sim > bestSim) {
        best = c;
        bestSim = sim;
      }
    }
    if (best === -1) {
      sums.push(Float64Array.from(v));
      labels.push(sums.length - 1);
    } else {
      const s = sums[best] as Float64Array;
      for (let i = 0; i < s.length; i++) s[i] = (s[i] as number) + (v[i] as number);
      labels.push(best);
    }
  }
  return labels;
}

export function isFiniteVector(a: Vector): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i] as number)) return false;
  return true;
}
