/**
 * The one context policy of the local models (either backend): what of a conversation is sent
 * to a model with a fixed window, and what the context meter shows.
 *
 * Pure. Trim first, refuse last:
 * - The leading system prompt(s) and the latest turn (the latest user message and anything after
 *   it) are always kept.
 * - The oldest turns go first, a whole turn at a time (a user message and the replies up to the
 *   next user message), so the history never starts with a dangling assistant reply, until the
 *   prompt fits its budget: the window less the room kept for the answer (`maxOutputTokens`,
 *   capped at half the window so a large max-tokens setting cannot crowd out the question).
 * - The answer limit is then shortened to the room the window leaves (`answerTokens`).
 * - Only when the system prompt plus the latest turn alone leave no room in the window is the
 *   request refused (`fits: false`; the middleware answers `context-window-exceeded`, which the
 *   router may fall back on).
 *
 * Token counts are estimates (`lib/tokens/estimate`) unless the model's tokenizer is injected.
 */
import type { ChatMessage } from '../../core/provider';
import { estimateTokens, MESSAGE_OVERHEAD_TOKENS, type TokenCounter } from '../../core/tokens';

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
  /** The answer limit to send: the asked limit, shortened to the room the window leaves (>= 1). */
  answerTokens: number;
  /** False when even the system prompt + latest turn leave no room in the window: refuse. */
  fits: boolean;
}

export function messageTokens(m: ChatMessage, count: TokenCounter, overhead: number): number {
  return count(m.content) + overhead;
}

export function fitToContext(input: ContextBudgetInput): ContextBudgetResult {
  const count = input.countTokens ?? estimateTokens;
  const overhead = input.perMessageOverhead ?? MESSAGE_OVERHEAD_TOKENS;
  const windowTokens = Math.max(0, Math.floor(input.contextWindow));
  const maxOutput = Math.max(0, Math.floor(input.maxOutputTokens));
  const reservedOutputTokens = Math.min(maxOutput, Math.floor(windowTokens / 2));
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
    answerTokens: Math.max(1, Math.min(maxOutput, windowTokens - usedTokens)),
    fits: fixed < windowTokens,
  };
}

/**
 * The policy with the model's own (asynchronous) tokenizer: every message is counted once, then
 * `fitToContext` decides. A tokenizer that fails falls back to the estimate.
 */
export async function fitToContextCounted(
  input: Omit<ContextBudgetInput, 'countTokens'> & { countTokens?: (text: string) => Promise<number> },
): Promise<ContextBudgetResult> {
  const { countTokens, ...rest } = input;
  if (!countTokens) return fitToContext(rest);
  let counts: Map<string, number>;
  try {
    const texts = [...new Set(input.messages.map((m) => m.content))];
    const values = await Promise.all(texts.map((t) => countTokens(t)));
    counts = new Map(texts.map((t, i) => [t, values[i] ?? estimateTokens(t)]));
  } catch {
    return fitToContext(rest);
  }
  return fitToContext({ ...rest, countTokens: (t) => counts.get(t) ?? estimateTokens(t) });
}
