/** Sentence-embedding models for conversation health (transformers.js `feature-extraction`). */

export interface EmbeddingModelEntry {
  repo: string;
  label: string;
  dimensions: number | null;
  /** Approximate download of the quantised (WASM) weights in MB; null when unknown. */
  sizeMB: number | null;
  notes: string;
  custom?: boolean;
}

export const DEFAULT_EMBEDDING_MODEL = 'Xenova/all-MiniLM-L6-v2';

export const EMBEDDING_CATALOG: EmbeddingModelEntry[] = [
  {
    repo: 'Xenova/all-MiniLM-L6-v2',
    label: 'all-MiniLM-L6-v2',
    dimensions: 384,
    sizeMB: 23,
    notes: 'The default: fast, and the thresholds are tuned for it.',
  },
  {
    repo: 'Xenova/paraphrase-MiniLM-L3-v2',
    label: 'paraphrase-MiniLM-L3-v2',
    dimensions: 384,
    sizeMB: 17,
    notes: 'Lighter and faster (3 layers); a little less accurate.',
  },
  {
    repo: 'Xenova/all-mpnet-base-v2',
    label: 'all-mpnet-base-v2',
    dimensions: 768,
    sizeMB: 110,
    notes: 'Stronger, about 5x slower and a bigger download.',
  },
];

export function embeddingModelEntry(repo: string): EmbeddingModelEntry {
  return (
    EMBEDDING_CATALOG.find((e) => e.repo === repo) ?? {
      repo,
      label: repo.split('/').pop() ?? repo,
      dimensions: null,
      sizeMB: null,
      notes: 'Added by id.',
      custom: true,
    }
  );
}
