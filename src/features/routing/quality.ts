/**
 * Routing that learns from ratings (pure): a running quality estimate per task kind (the
 * router's category, e.g. "greeting") and model, and the rule that sends a kind to Claude
 * when its local answers are consistently rated low.
 */
export interface RatingEvent {
  /** The router's task category of the prompt (e.g. "greeting", "code generation"). */
  category: string;
  modelId: string;
  target: 'local' | 'claude' | 'server';
  rating: number;
  at: number;
}

export interface QualityEstimate {
  category: string;
  modelId: string;
  /** The tier whose answers were rated: this device or your server (Claude's are not learned). */
  target: LearnedTarget;
  /** Running mean of the ratings. */
  mean: number;
  count: number;
}

/** Local answers of a kind rated this low on average, over at least this many ratings, go to Claude. */
export const LOW_QUALITY_MEAN = 2.5;
export const LOW_QUALITY_MIN_RATINGS = 5;

export type LearnedTarget = 'local' | 'server';

/** A local model and a server model of the same id are kept apart. */
export const qualityKey = (category: string, modelId: string, target: LearnedTarget = 'local'): string =>
  `${category}\u0000${modelId}${target === 'local' ? '' : '\u0000server'}`;

/** Estimates of local and server answers rated at or after `since`, oldest rating first. */
export function qualityEstimates(events: readonly RatingEvent[], since = 0): Map<string, QualityEstimate> {
  const out = new Map<string, QualityEstimate>();
  const sorted = events.filter((e) => e.target !== 'claude' && e.at >= since).sort((a, b) => a.at - b.at);
  for (const e of sorted) {
    const target = e.target as LearnedTarget;
    const key = qualityKey(e.category, e.modelId, target);
    const q = out.get(key) ?? { category: e.category, modelId: e.modelId, target, mean: 0, count: 0 };
    q.count += 1;
    q.mean += (e.rating - q.mean) / q.count;
    out.set(key, q);
  }
  return out;
}

export function isLowQuality(q: Pick<QualityEstimate, 'mean' | 'count'> | null | undefined): boolean {
  return !!q && q.count >= LOW_QUALITY_MIN_RATINGS && q.mean <= LOW_QUALITY_MEAN;
}

/** The reason shown in the decision label: "local answers to code generation were rated 2.1/5". */
export function lowQualityReason(q: Pick<QualityEstimate, 'category' | 'mean'>): string {
  return `local answers to ${q.category} were rated ${q.mean.toFixed(1)}/5`;
}
