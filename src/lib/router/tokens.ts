/**
 * Token estimates for routing and compression decisions.
 *
 * chars/4 is the usual rule of thumb for English text with BPE tokenizers (Claude, Llama,
 * Qwen): good to ~±25% for prose, worse for code or non-Latin scripts. It is only used to
 * decide (fits the local window? within the budget?), never to bill: real counts come from
 * Claude's usage and the local tokenizer.
 */
import type { ChatMessage } from '../providers/types';

export const CHARS_PER_TOKEN = 4;
/** Per-message overhead of chat templates (role markers, separators). */
export const MESSAGE_OVERHEAD_TOKENS = 4;

export function estimateTokens(text: string): number {
  if (!text) return 0;
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export function estimateMessagesTokens(messages: readonly Pick<ChatMessage, 'content'>[]): number {
  let total = 0;
  for (const m of messages) total += estimateTokens(m.content) + MESSAGE_OVERHEAD_TOKENS;
  return total;
}

/** "3,200" — fixed locale so labels and tests are stable. */
export function formatTokens(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
