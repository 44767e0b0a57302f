/**
 * Context budget: which messages fit the model's window, and what the meter shows.
 *
 * Pure. The system prompt(s) at the start and the latest user message (with anything after
 * it) are always kept; the oldest turns go first, a whole turn at a time (a user message and
 * the replies up to the next user message), so the history never starts with a dangling
 * assistant reply. Room is kept for the answer: `maxOutputTokens`, capped at half the window
 * so that a large max-tokens setting cannot leave no room for the question.
 *
 * Token counts are estimates unless a real tokenizer is injected (`countTokens`).
 */
import type { ChatMessage } from '../types';

export type TokenCounter = (text: string) => number;

/** About 4 characters per token for English text with these tokenizers. */
export const estimateTokens: TokenCounter = (text) => Math.ceil(text.length / 4);

/** Tokens a chat template adds around each message (role markers, separators). */
export const DEFAULT_PER_MESSAGE_OVERHEAD = 4;

export interface ContextBudgetInput {
  messages: readonly ChatMessage[];
  contextWindow: number;
  maxOutputTokens: number;
  countTokens?: TokenCounter;
  perMessageOverhead?: number;
}

export interface ContextBudgetResult {
  /** The messages to send, in order. */
  messages: ChatMessage[];
  /** How many messages were left out (0: nothing trimmed). */
  trimmedCount: number;
  /** Tokens of the kept messages (the prompt). */
  usedTokens: number;
  /** The model's whole context window. */
  windowTokens: number;
  /** Tokens kept free for the answer. */
  reservedOutputTokens: number;
  /** Tokens the prompt may use: window - reserved output. */
  promptBudgetTokens: number;
  /** False when even the system prompt + latest user message do not fit the prompt budget. */
  fits: boolean;
}

export function messageTokens(m: ChatMessage, count: TokenCounter, overhead: number): number {
  return count(m.content) + overhead;
}

export function fitToContext(input: ContextBudgetInput): ContextBudgetResult {
  const count = input.countTokens ?? estimateTokens;
  const overhead = input.perMessageOverhead ?? DEFAULT_PER_MESSAGE_OVERHEAD;
  const windowTokens = Math.max(0, Math.floor(input.contextWindow));
  const reservedOutputTokens = Math.max(
    0,
    Math.min(Math.floor(input.maxOutputTokens), Math.floor(windowTokens / 2)),
  );
  const promptBudgetTokens = windowTokens - reservedOutputTokens;
  const all = [...input.messages];
  const cost = all.map((m) => messageTokens(m, count, overhead));

  // Leading system messages: always kept.
  let head = 0;
  while (head < all.length && all[head]?.role === 'system') head++;
  // From the latest user message to the end: always kept.
  let tail = all.length;
  for (let i = all.length - 1; i >= head; i--) {
    if (all[i]?.role === 'user') {
      tail = i;
      break;
    }
  }
  if (tail === all.length && all.length > head) tail = all.length - 1; // no user message: keep the last one

  const sum = (from: number, to: number) => {
    let s = 0;
    for (let i = from; i < to; i++) s += cost[i] ?? 0;
    return s;
  };
  const fixed = sum(0, head) + sum(tail, all.length);

  // Middle: turns between head and tail; drop whole turns from the oldest.
  let start = head;
  let middle = sum(head, tail);
  while (start < tail && fixed + middle > promptBudgetTokens) {
    // Drop one turn: the message at `start` and everything up to the next user message.
    let end = start + 1;
    while (end < tail && all[end]?.role !== 'user') end++;
    middle -= sum(start, end);
    start = end;
  }

  const kept = [...all.slice(0, head), ...all.slice(start, tail), ...all.slice(tail)];
  const usedTokens = fixed + middle;
  return {
    messages: kept,
    trimmedCount: start - head,
    usedTokens,
    windowTokens,
    reservedOutputTokens,
    promptBudgetTokens,
    fits: usedTokens <= promptBudgetTokens,
  };
}
