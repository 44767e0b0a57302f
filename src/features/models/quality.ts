/**
 * How good each built-in model's answers are, as a tier shown on its card and a score the
 * recommendation ranks by (higher is better).
 *
 * Sources. The ordering inside the Qwen3 / Llama 3.2 families follows the published comparison
 * of small models by distil labs ("We Benchmarked 12 Small Language Models Across 8 Tasks",
 * https://new.distillabs.ai/blog/we-benchmarked-12-small-language-models-across-8-tasks-to-find-the-best-base-model-for-fine-tuning:
 * average rank, lower is better: Qwen3-4B-Instruct-2507 2.25, Qwen3-1.7B 4.44,
 * Llama-3.2-3B-Instruct 4.56, Qwen3-0.6B 5.11), and the Qwen3 technical report's claim that
 * Qwen3 is a step above Qwen2.5 at each size (https://arxiv.org/html/2505.09388v1). Where no
 * such published comparison was found (Qwen3.5, Gemma 4, Phi-4 mini, DeepSeek-R1 Distill, LFM2), the
 * score is Tandem's own estimate from size and generation, marked `estimate: true` and shown as
 * such; never a made-up benchmark number.
 */

export type QualityTier = 'basic' | 'good' | 'strong';

export interface Quality {
  tier: QualityTier;
  /** Rank score (higher = better answers); only compared with other scores of this table. */
  score: number;
  /** No published comparison backs this score: Tandem's estimate from size and generation. */
  estimate: boolean;
}

const q = (tier: QualityTier, score: number, estimate = false): Quality => ({ tier, score, estimate });

/** By WebLLM family id and transformers.js entry id (ids from the two catalogs). */
export const QUALITY: Readonly<Record<string, Quality>> = {
  // WebLLM families
  'qwen3.5-4b': q('strong', 92, true),
  'qwen3-4b': q('strong', 90),
  'phi-4-mini': q('strong', 86, true),
  'qwen3.5-2b': q('strong', 82, true),
  'gemma-4-e2b': q('good', 80, true),
  'qwen3-1.7b': q('good', 76),
  'llama-3.2-3b': q('good', 74),
  'phi-3.5-mini': q('good', 72, true),
  'qwen3.5-0.8b': q('good', 64, true),
  'qwen3-0.6b': q('basic', 58),
  'gemma-3-1b': q('basic', 54, true),
  'llama-3.2-1b': q('basic', 52, true),
  'smollm2-1.7b': q('basic', 50, true),
  'phi-2': q('basic', 46, true),
  'qwen2.5-0.5b': q('basic', 40, true),
  'tinyllama-1.1b-chat': q('basic', 30, true),
  'smollm2-360m': q('basic', 28, true),
  // transformers.js entries
  'phi-4-mini-instruct': q('strong', 86, true),
  'llama-3.2-3b-instruct': q('good', 74),
  'phi-3.5-mini-instruct': q('good', 72, true),
  'deepseek-r1-distill-qwen-1.5b': q('good', 62, true),
  'qwen2.5-1.5b-instruct': q('good', 60, true),
  'lfm2-700m': q('basic', 56, true),
  'llama-3.2-1b-instruct': q('basic', 52, true),
  'qwen2.5-0.5b-instruct': q('basic', 40, true),
  'smollm2-360m-instruct': q('basic', 28, true),
  // Encoder-decoders: short instruction answers, no real multi-turn chat (the conversation is folded).
  'lamini-flan-t5-783m': q('basic', 24, true),
  'lamini-flan-t5-248m': q('basic', 18, true),
  'lamini-flan-t5-77m': q('basic', 10, true),
};

/** A model Tandem knows nothing about (custom models) ranks last. */
export const UNKNOWN_QUALITY: Quality = { tier: 'basic', score: 0, estimate: true };

export function qualityOf(id: string): Quality {
  return QUALITY[id] ?? UNKNOWN_QUALITY;
}

export function tierLabel(quality: Quality): string {
  const name = { basic: 'Basic', good: 'Good', strong: 'Strong' }[quality.tier];
  return quality.estimate ? `${name} (estimate)` : name;
}
