/** The embeddings feature's public face: what other features may use of it. */
export { DEFAULT_EMBEDDING_MODEL, EMBEDDING_CATALOG, embeddingModelEntry } from './catalog';
export { type EmbeddingClient } from './client';
export { EmbedderHost, type EmbedderStatus } from './embedder-host.svelte';
export { purposeEmbedder } from './purpose';
