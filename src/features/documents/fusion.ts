/**
 * Combining the lexical and the semantic ranking: reciprocal rank fusion (Cormack, Clarke and
 * Büttcher, SIGIR 2009): score(d) = sum over rankings of 1 / (k + rank(d)), rank from 1, k = 60.
 * It needs no score calibration between BM25 and cosine similarity, only their orders.
 */

export const RRF_K = 60;

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`Vectors of different sizes (${a.length} and ${b.length}).`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** Indices of `scores` from best to worst, keeping only those `keep` accepts, at most `limit`. */
export function rankBy(
  scores: ArrayLike<number>,
  limit: number,
  keep: (score: number) => boolean = () => true,
): number[] {
  const order: number[] = [];
  for (let i = 0; i < scores.length; i++) if (keep(scores[i]!)) order.push(i);
  order.sort((x, y) => scores[y]! - scores[x]! || x - y);
  return order.slice(0, limit);
}

export interface Fused {
  index: number;
  score: number;
  /** 1-based rank in each input ranking (null: not in it). */
  ranks: (number | null)[];
}

/** Fuses rankings (each a list of item indices, best first); ties go to the earlier index. */
export function reciprocalRankFusion(rankings: readonly (readonly number[])[], k = RRF_K): Fused[] {
  const fused = new Map<number, Fused>();
  rankings.forEach((ranking, which) => {
    ranking.forEach((index, position) => {
      const entry = fused.get(index) ?? { index, score: 0, ranks: rankings.map(() => null) };
      entry.score += 1 / (k + position + 1);
      entry.ranks[which] = position + 1;
      fused.set(index, entry);
    });
  });
  return [...fused.values()].sort((a, b) => b.score - a.score || a.index - b.index);
}
