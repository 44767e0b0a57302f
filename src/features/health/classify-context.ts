/**
 * Context detection: keyword rules plus similarity to each context's prototype sentences.
 *
 * For every context:
 *   keywordScore = 0 with no hit, else min(1, 0.5 + 0.25 * (hits - 1))
 *   semantic     = max(0, max cosine(user message, prototype))
 *   score        = keywordWeight * keywordScore + (1 - keywordWeight) * semantic
 * A context is a candidate when it has a keyword hit or semantic >= contextMinSimilarity;
 * the candidate with the highest score wins (ties: the one listed first). With no candidate
 * the previous turn's context is kept, or the default context is used on the first turn.
 */
import { cosine, round, type Vector } from '../../core/vectors';
import type { ContextDefinition, ContextMatch, HealthSettings } from '../../core/health';

/** Prototype sentence -> its embedding. Missing sentences simply do not count. */
export type PrototypeLookup = ReadonlyMap<string, Vector>;

const regexCache = new Map<string, RegExp>();

function keywordRegex(keyword: string): RegExp {
  let re = regexCache.get(keyword);
  if (!re) {
    const wildcard = keyword.endsWith('*');
    const body = (wildcard ? keyword.slice(0, -1) : keyword)
      .trim()
      .split(/\s+/)
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('\\s+');
    re = new RegExp(`(?<![\\p{L}\\p{N}])${body}${wildcard ? '[\\p{L}\\p{N}]*' : ''}(?![\\p{L}\\p{N}])`, 'iu');
    regexCache.set(keyword, re);
  }
  return re;
}

/** Keywords found in `text` (whole words/phrases, case-insensitive, `word*` = prefix). */
export function matchKeywords(text: string, keywords: readonly string[]): string[] {
  const normalized = text.replace(/[\u2018\u2019]/g, "'");
  const out: string[] = [];
  for (const k of keywords) {
    if (k.trim() === '' || k.trim() === '*') continue;
    if (keywordRegex(k).test(normalized)) out.push(k);
  }
  return out;
}

/** Best cosine between `embedding` and the context's prototypes that have an embedding. */
export function prototypeSimilarity(
  embedding: Vector,
  definition: ContextDefinition,
  prototypes: PrototypeLookup,
): number {
  let best = 0;
  for (const sentence of definition.prototypes) {
    const v = prototypes.get(sentence);
    if (!v || v.length !== embedding.length) continue;
    const s = cosine(embedding, v);
    if (s > best) best = s;
  }
  return best;
}

export interface ContextScore {
  id: string;
  keywords: string[];
  keywordScore: number;
  semantic: number;
  score: number;
  candidate: boolean;
}

/** Scores every context for one user message (exposed for tests and for a debug view). */
export function scoreContexts(
  text: string,
  embedding: Vector,
  settings: HealthSettings,
  prototypes: PrototypeLookup,
): ContextScore[] {
  const w = settings.keywordWeight;
  return settings.contexts.map((def) => {
    const keywords = matchKeywords(text, def.keywords);
    const hits = keywords.length;
    const keywordScore = hits === 0 ? 0 : Math.min(1, 0.5 + 0.25 * (hits - 1));
    const semantic = round(prototypeSimilarity(embedding, def, prototypes));
    const score = round(w * keywordScore + (1 - w) * semantic);
    return {
      id: def.id,
      keywords,
      keywordScore,
      semantic,
      score,
      candidate: hits > 0 || semantic >= settings.contextMinSimilarity,
    };
  });
}

export function classifyContext(
  text: string,
  embedding: Vector,
  settings: HealthSettings,
  prototypes: PrototypeLookup,
  previous: ContextMatch | null,
): ContextMatch {
  const scores = scoreContexts(text, embedding, settings, prototypes);
  let winner: ContextScore | null = null;
  for (const s of scores) {
    if (s.candidate && (winner === null || s.score > winner.score)) winner = s;
  }
  if (winner) {
    const def = settings.contexts.find((c) => c.id === winner.id) as ContextDefinition;
    const kw = winner.keywords.length > 0;
    const sem = winner.semantic >= settings.contextMinSimilarity;
    return {
      id: def.id,
      label: def.label,
      confidence: round(Math.min(1, winner.score)),
      source: kw && sem ? 'both' : kw ? 'keywords' : 'semantic',
      matchedKeywords: winner.keywords,
      semanticSimilarity: winner.semantic,
    };
  }
  const prevDef = previous ? settings.contexts.find((c) => c.id === previous.id) : undefined;
  if (previous && prevDef) {
    return {
      id: prevDef.id,
      label: prevDef.label,
      // Kept from the previous turn, with half the confidence: nothing here confirmed it.
      confidence: round(previous.confidence / 2),
      source: 'previous',
      matchedKeywords: [],
      semanticSimilarity: scores.find((s) => s.id === prevDef.id)?.semantic ?? 0,
    };
  }
  const def =
    settings.contexts.find((c) => c.id === settings.defaultContextId) ??
    (settings.contexts[0] as ContextDefinition);
  return {
    id: def.id,
    label: def.label,
    confidence: 0,
    source: 'default',
    matchedKeywords: [],
    semanticSimilarity: scores.find((s) => s.id === def.id)?.semantic ?? 0,
  };
}
