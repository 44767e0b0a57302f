/**
 * Retrieval over a conversation's document chunks (pure): BM25 on the words and cosine
 * similarity of sentence embeddings, each ranked, fused by reciprocal rank fusion, then the
 * best chunks that fit the token budget. Runs in the documents worker.
 */
import { bm25Scores, buildBm25, type Bm25Index } from './bm25';
import { rankBy, reciprocalRankFusion } from './fusion';

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

export interface SearchableChunk {
  id: string;
  documentId: string;
  text: string;
  tokens: number;
  /** Unit or not: cosine normalises. Absent when the chunk has no vector (no encoder loaded). */
  vector?: ArrayLike<number> | null;
}

export interface RankedChunk {
  /** Position of the chunk in the list given. */
  index: number;
  score: number;
  bm25: number;
  /** Null when the chunk or the query has no vector. */
  similarity: number | null;
}

export interface RankOptions {
  /** How many of each ranking take part in the fusion. */
  candidates?: number;
  /** A chunk whose similarity is below this is not a semantic candidate. */
  minSimilarity?: number;
}

export class ChunkSearch {
  private readonly index: Bm25Index;
  /** Each chunk's vector length, computed once (0: no vector). */
  private readonly norms: Float64Array;

  constructor(readonly chunks: readonly SearchableChunk[]) {
    this.index = buildBm25(chunks.map((c) => c.text));
    this.norms = Float64Array.from(chunks, (c) => (c.vector ? Math.sqrt(dot(c.vector, c.vector)) : 0));
  }

  rank(query: string, queryVector: ArrayLike<number> | null, options: RankOptions = {}): RankedChunk[] {
    const candidates = options.candidates ?? 50;
    const lexical = bm25Scores(this.index, query);
    const similarity = new Float64Array(this.chunks.length).fill(Number.NaN);
    const queryNorm = queryVector ? Math.sqrt(dot(queryVector, queryVector)) : 0;
    if (queryVector && queryNorm > 0) {
      this.chunks.forEach((chunk, i) => {
        const norm = this.norms[i]!;
        if (chunk.vector && chunk.vector.length === queryVector.length && norm > 0) {
          similarity[i] = dot(queryVector, chunk.vector) / (queryNorm * norm);
        }
      });
    }
    const min = options.minSimilarity ?? 0;
    const fused = reciprocalRankFusion([
      rankBy(lexical, candidates, (s) => s > 0),
      rankBy(similarity, candidates, (s) => !Number.isNaN(s) && s > min),
    ]);
    return fused.map((f) => ({
      index: f.index,
      score: f.score,
      bm25: lexical[f.index]!,
      similarity: Number.isNaN(similarity[f.index]!) ? null : similarity[f.index]!,
    }));
  }
}

/**
 * The best chunks that fit in `budgetTokens`, in rank order: a chunk too large for what is left
 * is passed over for a smaller one further down; at most `maxChunks`.
 */
export function selectWithinBudget<T extends { tokens: number }>(
  ranked: readonly T[],
  budgetTokens: number,
  maxChunks = 8,
): T[] {
  const chosen: T[] = [];
  let left = budgetTokens;
  for (const item of ranked) {
    if (chosen.length >= maxChunks || left <= 0) break;
    if (item.tokens > left) continue;
    chosen.push(item);
    left -= item.tokens;
  }
  return chosen;
}
