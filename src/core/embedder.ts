/**
 * The one sentence-embedder contract, shared by conversation health, the router's semantic
 * classifier and anything else that compares texts by meaning.
 */

import type { EmbedPurpose } from './operations';

/** Turns texts into sentence embeddings (one vector per text, same order, same dimension). */
export interface Embedder {
  /** `purpose` says why (health turns, routing, few-shot retrieval, similarity), for the metrics. */
  embed(texts: string[], purpose?: EmbedPurpose): Promise<Float32Array[]>;
}
