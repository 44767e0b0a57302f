/**
 * An embedder that tags its calls with a purpose (routing, few-shot retrieval, similarity), so
 * the embedding client's measurements say why texts were embedded. One view per embedder and
 * purpose is kept, so callers that compare embedders by identity see the same object each time.
 */
import type { Embedder } from '../../core/embedder';
import type { EmbedPurpose } from '../../core/operations';

const views = new WeakMap<Embedder, Map<EmbedPurpose, Embedder>>();

export function purposeEmbedder(embedder: Embedder | null, purpose: EmbedPurpose): Embedder | null {
  if (!embedder) return null;
  let byPurpose = views.get(embedder);
  if (!byPurpose) views.set(embedder, (byPurpose = new Map()));
  let view = byPurpose.get(purpose);
  if (!view) byPurpose.set(purpose, (view = { embed: (texts) => embedder.embed(texts, purpose) }));
  return view;
}
