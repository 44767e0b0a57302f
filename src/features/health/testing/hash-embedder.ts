/**
 * A deterministic stand-in for a sentence-embedding model, for tests, e2e fixtures and the
 * router: bag of (stemmed, non-stopword) words hashed into `dims` buckets, L2-normalised. Texts sharing words are
 * similar; texts sharing none have cosine 0 (up to hash collisions). No randomness, no I/O.
 */
import type { Embedder } from '../../../core/embedder';

/** 256 buckets: few enough to be cheap, enough that unrelated test sentences rarely collide. */
export const HASH_EMBEDDER_DIMS = 256;

/** Frequent words that carry no topic; dropped so they do not make everything similar. */
export const HASH_EMBEDDER_STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but if then so of to in on at by for with from as is are was were be been being ' +
    'i me my we our you your it its this that these those do does did not no can could would should ' +
    'will just there here what which who whom how about into than too very have has had am'
  ).split(' '),
);

/** FNV-1a 32-bit hash. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A crude stemmer so "failed", "fails" and "fail" count as one word. */
export function stem(word: string): string {
  if (word.length <= 4) return word;
  for (const suffix of ['ing', 'ed', 's']) {
    if (word.endsWith(suffix) && !word.endsWith('ss')) return word.slice(0, -suffix.length);
  }
  return word;
}

/** Lowercased words without stopwords and single characters, stemmed. */
export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((w) => w.length > 1 && !HASH_EMBEDDER_STOPWORDS.has(w))
    .map(stem);
}

/** Embeds one text synchronously. */
export function hashEmbed(text: string, dims = HASH_EMBEDDER_DIMS): Float32Array {
  const v = new Float32Array(dims);
  for (const w of tokenize(text)) {
    const h = fnv1a(w);
    v[h % dims] = (v[h % dims] as number) + 1;
  }
  let n = 0;
  for (let i = 0; i < dims; i++) n += (v[i] as number) ** 2;
  n = Math.sqrt(n);
  if (n > 0) for (let i = 0; i < dims; i++) v[i] = (v[i] as number) / n;
  return v;
}

export interface HashEmbedderCall {
  texts: string[];
}

/** An Embedder that records every call (for asserting how often the model would run). */
export class HashEmbedder implements Embedder {
  readonly calls: HashEmbedderCall[] = [];

  constructor(readonly dims = HASH_EMBEDDER_DIMS) {}

  async embed(texts: string[]): Promise<Float32Array[]> {
    this.calls.push({ texts: [...texts] });
    return texts.map((t) => hashEmbed(t, this.dims));
  }

  /** Total texts embedded over all calls. */
  get textCount(): number {
    return this.calls.reduce((n, c) => n + c.texts.length, 0);
  }

  reset(): void {
    this.calls.length = 0;
  }
}
