/**
 * The one token estimate, used wherever no real tokenizer is at hand: routing and compression
 * decisions, the context meter, the context policy before a tokenizer is loaded, and token
 * counts a backend does not report.
 *
 * chars/4 is the usual rule of thumb for English text with BPE tokenizers (Claude, Llama,
 * Qwen): good to ~±25% for prose, worse for code or non-Latin scripts. It only decides (fits the
 * local window? within the budget?) and fills in missing counts, never bills: real counts come
 * from Claude's usage and the local tokenizer.
 *
 * Pure and DOM-free (the transformers.js worker imports it too).
 */

/** Counts the tokens of one text, synchronously. */
export type TokenCounter = (text: string) => number;

export const CHARS_PER_TOKEN = 4;
/** Per-message overhead of chat templates (role markers, separators). */
export const MESSAGE_OVERHEAD_TOKENS = 4;

/** Estimated tokens of a text (0 for an empty one). */
export const estimateTokens: TokenCounter = (text) => {
  if (!text) return 0;
  return Math.ceil(text.length / CHARS_PER_TOKEN);
};

/** Estimated tokens of streamed text known only by its length. */
export function estimateTokensFromChars(chars: number): number {
  return chars > 0 ? Math.ceil(chars / CHARS_PER_TOKEN) : 0;
}

/** Estimated tokens of a conversation, with the per-message template overhead. */
export function estimateMessagesTokens(messages: readonly { content: string }[]): number {
  let total = 0;
  for (const m of messages) total += estimateTokens(m.content) + MESSAGE_OVERHEAD_TOKENS;
  return total;
}

/** "3,200" — fixed locale so labels and tests are stable. */
export function formatTokens(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
