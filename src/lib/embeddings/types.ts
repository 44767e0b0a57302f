/**
 * The one sentence-embedder contract, shared by conversation health, the router's semantic
 * classifier and anything else that compares texts by meaning.
 */

/** Turns texts into sentence embeddings (one vector per text, same order, same dimension). */
export interface Embedder {
  embed(texts: string[]): Promise<Float32Array[]>;
}
