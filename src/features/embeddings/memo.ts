/**
 * An embedder that embeds each text once: a text asked for again (by another feature, or while
 * its first embedding is still running) gets the same vector from one embedder call. Health
 * embeds the user's message while the answer streams and the router's semantic classifier
 * embeds the same prompt: one call serves both. Bounded (least recently used out first); one
 * memo per loaded model, so vectors of different models never mix.
 */
import type { EmbedPurpose } from '../../core/operations';
import type { Embedder } from '../../core/embedder';

export class MemoEmbedder implements Embedder {
  private readonly memo = new Map<string, Promise<Float32Array>>();

  constructor(
    private readonly inner: Embedder,
    private readonly capacity = 128,
  ) {}

  /** Texts embedded (or being embedded) and still remembered. */
  get size(): number {
    return this.memo.size;
  }

  has(text: string): boolean {
    return this.memo.has(text);
  }

  /** `purpose` goes with the texts that are really embedded (the metrics count those). */
  embed(texts: string[], purpose?: EmbedPurpose): Promise<Float32Array[]> {
    const missing = [...new Set(texts.filter((t) => !this.memo.has(t)))];
    if (missing.length > 0) {
      const batch = this.inner.embed(missing, purpose);
      missing.forEach((text, i) => {
        const vector = batch.then((vectors) => {
          const v = vectors[i];
          if (!v || vectors.length !== missing.length) {
            throw new Error(`The embedder returned ${vectors.length} vectors for ${missing.length} texts.`);
          }
          return v;
        });
        // A failed embedding is not remembered: the next request tries again.
        vector.catch(() => {
          if (this.memo.get(text) === vector) this.memo.delete(text);
        });
        this.memo.set(text, vector);
      });
    }
    const vectors = texts.map((text) => {
      const v = this.memo.get(text)!;
      this.memo.delete(text); // most recently used last
      this.memo.set(text, v);
      return v;
    });
    while (this.memo.size > this.capacity) this.memo.delete(this.memo.keys().next().value!);
    return Promise.all(vectors);
  }
}
