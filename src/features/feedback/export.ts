/**
 * Exports for fine-tuning (pure): chat-format JSONL that TRL/PEFT, Unsloth, Axolotl and MLC read,
 * and a DPO preference file. Each line holds one example's own conversation and nothing else:
 * no key, no settings, no other conversation.
 */
import type { ChatMessage } from '../../core/provider';
import { compareQuality, type CuratedExample } from './curate';
import { answerOf, normalisePrompt, promptOf, type FeedbackRecord } from '../../core/feedback';

export interface TrainingLine {
  messages: ChatMessage[];
  model: string;
  rating: number | null;
  source: 'rated' | 'corrected';
}

/** One example: its conversation up to the rated answer, the correction replacing the answer. */
export function trainingLine(example: CuratedExample): TrainingLine {
  const { record } = example;
  const messages = record.messages.map(({ role, content }) => ({ role, content }));
  messages[messages.length - 1] = { role: 'assistant', content: example.answer };
  return {
    messages,
    model: record.model.id,
    rating: record.rating ?? null,
    source: example.source,
  };
}

export function toJsonl(lines: readonly unknown[]): string {
  return lines.map((line) => JSON.stringify(line)).join('\n') + (lines.length ? '\n' : '');
}

export function trainingJsonl(examples: readonly CuratedExample[]): string {
  return toJsonl(examples.map(trainingLine));
}

export interface PreferencePair {
  prompt: string;
  chosen: string;
  rejected: string;
}

/** An answer with a score, from any source (ratings, corrections, arena votes). */
export interface ScoredAnswer {
  prompt: string;
  answer: string;
  /** Higher is better; only the order matters. */
  score: number;
}

/**
 * Pairs answers to the same prompt (equal up to case and punctuation): each better-scored
 * answer against each worse one. Equal scores and equal texts make no pair. Pure: the caller
 * brings answers from any source and may add ready-made pairs (e.g. arena votes).
 */
export function preferencePairs(
  answers: readonly ScoredAnswer[],
  extra: readonly PreferencePair[] = [],
): PreferencePair[] {
  const groups = new Map<string, ScoredAnswer[]>();
  for (const a of answers) {
    const key = normalisePrompt(a.prompt);
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  const out: PreferencePair[] = [];
  const seen = new Set<string>();
  const add = (pair: PreferencePair): void => {
    if (pair.chosen === pair.rejected) return;
    const key = JSON.stringify([normalisePrompt(pair.prompt), pair.chosen, pair.rejected]);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(pair);
  };
  for (const group of groups.values()) {
    const sorted = [...group].sort((a, b) => b.score - a.score);
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        if (sorted[i]!.score > sorted[j]!.score) {
          add({ prompt: sorted[i]!.prompt, chosen: sorted[i]!.answer, rejected: sorted[j]!.answer });
        }
      }
    }
  }
  for (const pair of extra) add(pair);
  return out;
}

/** Score of a correction: above any rating (it is the answer the user wanted). */
const CORRECTION_SCORE = 6;

/**
 * The scored answers in the feedback: each rated answer with its rating, and each correction
 * above the answer it replaced (scored by its rating, 0 when unrated). Flagged ones are left out.
 */
export function scoredAnswers(records: readonly FeedbackRecord[]): ScoredAnswer[] {
  const out: ScoredAnswer[] = [];
  for (const r of [...records].sort(compareQuality)) {
    if (r.flagged) continue;
    const prompt = promptOf(r);
    if (!prompt) continue;
    const correction = r.correction?.trim();
    if (correction) out.push({ prompt, answer: correction, score: CORRECTION_SCORE });
    if (r.rating !== undefined || correction) {
      out.push({ prompt, answer: answerOf(r), score: r.rating ?? 0 });
    }
  }
  return out;
}

export function preferenceJsonl(pairs: readonly PreferencePair[]): string {
  return toJsonl(pairs.map(({ prompt, chosen, rejected }) => ({ prompt, chosen, rejected })));
}
