/**
 * BM25 (Robertson and Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond", 2009),
 * with the non-negative idf Lucene uses: idf = ln(1 + (N - n + 0.5) / (n + 0.5)), and per term
 * idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / averageLength)). Each distinct query
 * term counts once. Pure, for the documents worker.
 */

export const K1 = 1.2;
export const B = 0.75;

/** Lower-cased runs of letters and digits (any script). */
export function terms(text: string): string[] {
  return (
    text
      .toLowerCase()
      .normalize('NFKC')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

export interface Bm25Index {
  /** Number of chunks. */
  size: number;
  lengths: Uint32Array;
  averageLength: number;
  /** term -> the chunks holding it and how often. */
  postings: Map<string, { docs: number[]; tf: number[] }>;
}

export function buildBm25(texts: readonly string[]): Bm25Index {
  const lengths = new Uint32Array(texts.length);
  const postings = new Map<string, { docs: number[]; tf: number[] }>();
  let total = 0;
  texts.forEach((text, doc) => {
    const counts = new Map<string, number>();
    const list = terms(text);
    for (const t of list) counts.set(t, (counts.get(t) ?? 0) + 1);
    lengths[doc] = list.length;
    total += list.length;
    for (const [t, tf] of counts) {
      const entry = postings.get(t);
      if (entry) {
        entry.docs.push(doc);
        entry.tf.push(tf);
      } else postings.set(t, { docs: [doc], tf: [tf] });
    }
  });
  return { size: texts.length, lengths, averageLength: texts.length ? total / texts.length : 0, postings };
}

export function idf(size: number, containing: number): number {
  return Math.log(1 + (size - containing + 0.5) / (containing + 0.5));
}

/** The BM25 score of every chunk for `query` (0 where no query term occurs). */
export function bm25Scores(index: Bm25Index, query: string, k1 = K1, b = B): Float64Array {
  const scores = new Float64Array(index.size);
  const average = index.averageLength || 1;
  for (const term of new Set(terms(query))) {
    const entry = index.postings.get(term);
    if (!entry) continue;
    const weight = idf(index.size, entry.docs.length);
    for (let i = 0; i < entry.docs.length; i++) {
      const doc = entry.docs[i]!;
      const tf = entry.tf[i]!;
      const norm = k1 * (1 - b + (b * index.lengths[doc]!) / average);
      scores[doc]! += (weight * tf * (k1 + 1)) / (tf + norm);
    }
  }
  return scores;
}
