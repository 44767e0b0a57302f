/**
 * The curated set (pure): answers rated at or above the threshold, or corrected, minus flagged
 * ones, with exact and near-duplicate prompts merged (cosine of the prompt embeddings at or
 * above `dedupeSimilarity`; the best-rated one is kept and the merge is reported).
 */
import { cosine } from '../../core/vectors';
import { normalisePrompt, promptOf, answerOf, type FeedbackRecord } from '../../core/feedback';

export type ExampleSource = 'rated' | 'corrected';

export interface CuratedExample {
  record: FeedbackRecord;
  source: ExampleSource;
  prompt: string;
  /** The correction when there is one, else the model's answer. */
  answer: string;
}

export interface Merge {
  kept: string;
  dropped: string;
  /** 1 for an exact duplicate (same prompt up to case and spacing). */
  similarity: number;
  exact: boolean;
}

export interface CuratedSet {
  examples: CuratedExample[];
  merged: Merge[];
  /** Rated below the threshold and not corrected. */
  belowThreshold: number;
  flagged: number;
}

export interface CurateOptions {
  ratingThreshold: number;
  dedupeSimilarity: number;
  /** The prompt's embedding, when known (without one only exact duplicates merge). */
  vectorOf?: (record: FeedbackRecord) => Float32Array | null;
}

export function isCurated(record: FeedbackRecord, ratingThreshold: number): boolean {
  if (record.flagged) return false;
  return Boolean(record.correction?.trim()) || (record.rating ?? 0) >= ratingThreshold;
}

/** Best first: corrected, then higher rating, then newer. */
export function compareQuality(a: FeedbackRecord, b: FeedbackRecord): number {
  const corrected = Number(Boolean(b.correction?.trim())) - Number(Boolean(a.correction?.trim()));
  if (corrected) return corrected;
  const rating = (b.rating ?? 0) - (a.rating ?? 0);
  return rating || b.updatedAt - a.updatedAt;
}

export function curate(records: readonly FeedbackRecord[], options: CurateOptions): CuratedSet {
  let flagged = 0;
  let belowThreshold = 0;
  const candidates: FeedbackRecord[] = [];
  for (const record of records) {
    if (record.flagged) flagged++;
    else if (isCurated(record, options.ratingThreshold)) candidates.push(record);
    else if (record.rating !== undefined) belowThreshold++;
  }
  candidates.sort(compareQuality);
  const kept: { record: FeedbackRecord; key: string; vector: Float32Array | null }[] = [];
  const merged: Merge[] = [];
  for (const record of candidates) {
    const key = normalisePrompt(promptOf(record));
    const vector = options.vectorOf?.(record) ?? null;
    let duplicate: Merge | null = null;
    for (const k of kept) {
      if (k.key === key) {
        duplicate = { kept: k.record.id, dropped: record.id, similarity: 1, exact: true };
        break;
      }
      if (vector && k.vector && vector.length === k.vector.length) {
        const similarity = cosine(vector, k.vector);
        if (similarity >= options.dedupeSimilarity) {
          duplicate = { kept: k.record.id, dropped: record.id, similarity, exact: false };
          break;
        }
      }
    }
    if (duplicate) merged.push(duplicate);
    else kept.push({ record, key, vector });
  }
  return {
    examples: kept.map(({ record }) => toExample(record)),
    merged,
    belowThreshold,
    flagged,
  };
}

export function toExample(record: FeedbackRecord): CuratedExample {
  const correction = record.correction?.trim();
  return {
    record,
    source: correction ? 'corrected' : 'rated',
    prompt: promptOf(record),
    answer: correction || answerOf(record),
  };
}

export interface ModelProgress {
  modelId: string;
  examples: number;
  target: number;
  reached: boolean;
}

/** Curated examples per model against the target (the page names each model: modelDisplayName). */
export function progressByModel(examples: readonly CuratedExample[], target: number): ModelProgress[] {
  const byModel = new Map<string, ModelProgress>();
  for (const { record } of examples) {
    const entry = byModel.get(record.model.id) ?? {
      modelId: record.model.id,
      examples: 0,
      target,
      reached: false,
    };
    entry.examples++;
    entry.reached = entry.examples >= target;
    byModel.set(record.model.id, entry);
  }
  return [...byModel.values()].sort((a, b) => b.examples - a.examples);
}

export interface RatingCounts {
  modelId: string;
  /** Index 0 = unrated (signals only), 1-5 = that rating. */
  counts: number[];
  corrected: number;
}

export function countsByModel(records: readonly FeedbackRecord[]): RatingCounts[] {
  const byModel = new Map<string, RatingCounts>();
  for (const r of records) {
    const entry = byModel.get(r.model.id) ?? {
      modelId: r.model.id,
      counts: [0, 0, 0, 0, 0, 0],
      corrected: 0,
    };
    const rating = r.rating && r.rating >= 1 && r.rating <= 5 ? Math.round(r.rating) : 0;
    entry.counts[rating]!++;
    if (r.correction?.trim()) entry.corrected++;
    byModel.set(r.model.id, entry);
  }
  return [...byModel.values()];
}
