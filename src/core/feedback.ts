/**
 * Feedback on answers: what the user said (rating, comment, the answer they wanted) and what
 * they did (copied, regenerated, ...), with a snapshot of the conversation up to the answer so
 * the dataset survives regenerating or deleting it. Pure types and defaults.
 */
import type { MessageModelInfo, StoredEmbedding } from './stored';
import type { ChatMessage, GenerationSettings } from './provider';

/** What the user did with an answer (recorded with it, no question asked). */
export type ImplicitSignal =
  'copied' | 'regenerated' | 'stopped' | 'continued' | 'escalated' | 'route-corrected';
export const IMPLICIT_SIGNALS: readonly ImplicitSignal[] = [
  'copied',
  'regenerated',
  'stopped',
  'continued',
  'escalated',
  'route-corrected',
];

export interface FeedbackRoute {
  target: 'local' | 'claude' | 'server';
  kind: string;
  category: string;
  label: string;
}

export interface FeedbackRecord {
  /** The answer's message id: one feedback record per answer. */
  id: string;
  conversationId: string;
  createdAt: number;
  updatedAt: number;
  /** 1-5; absent: not rated (signals only). */
  rating?: number;
  comment?: string;
  /** "Improve this answer": the answer the user wanted. */
  correction?: string;
  /** Left out of the curated set (the user flagged it). */
  flagged?: boolean;
  signals: ImplicitSignal[];
  /** The conversation as the user saw it, up to and including the answer (last message). */
  messages: ChatMessage[];
  model: MessageModelInfo;
  route?: FeedbackRoute;
  settings: GenerationSettings;
  /** The prompt's sentence embedding (computed once, for dedupe and few-shot memory). */
  promptEmbedding?: StoredEmbedding;
}

/** What the feedback form holds before Save: kept like the composer's draft. */
export interface FeedbackDraft {
  comment: string;
  correction: string;
}

/** The unsaved feedback drafts, by answer id. */
export type FeedbackDrafts = Record<string, FeedbackDraft>;

export interface FeedbackSettings {
  /** Ratings at or above this are curated (default 4). */
  ratingThreshold: number;
  /** Curated examples per model that make a fine-tuning set worth running (default 50). */
  datasetTarget: number;
  /** Prompts this similar (MiniLM cosine) are near duplicates (default 0.95). */
  dedupeSimilarity: number;
  /** Few-shot memory for local models. */
  memory: boolean;
  memoryK: number;
  /** Lowest cosine of a curated prompt to the new prompt to be used as an example. */
  memoryFloor: number;
  /** Token budget of all examples together. */
  memoryBudgetTokens: number;
  /** Hybrid routing learns from ratings (off by default). */
  learnRouting: boolean;
  /** Ratings before this time are not used by routing (the reset). */
  learnedSince: number;
}

export const DEFAULT_FEEDBACK_SETTINGS: FeedbackSettings = {
  ratingThreshold: 4,
  datasetTarget: 50,
  dedupeSimilarity: 0.95,
  memory: true,
  memoryK: 3,
  memoryFloor: 0.6,
  memoryBudgetTokens: 600,
  learnRouting: false,
  learnedSince: 0,
};

/** The user prompt an answer replied to (the last user message before it). */
export function promptOf(record: Pick<FeedbackRecord, 'messages'>): string {
  for (let i = record.messages.length - 2; i >= 0; i--) {
    if (record.messages[i]!.role === 'user') return record.messages[i]!.content;
  }
  return '';
}

/** The answer as the model gave it. */
export function answerOf(record: Pick<FeedbackRecord, 'messages'>): string {
  return record.messages.at(-1)?.content ?? '';
}

/** Prompts equal up to case and spacing are exact duplicates (others may be near: cosine). */
export function normalisePrompt(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}
