/**
 * Prompt-only mode: for people who do not download the embedding model. Nothing is measured;
 * a fixed coaching prompt asks the model to check itself. The label says so plainly, in the
 * UI and in the prompt, so nobody mistakes it for measured health.
 */

export const PROMPT_ONLY_LABEL = 'Health: prompt-only (no scores, no embedding model)';

export const PROMPT_ONLY_COACHING = `=== CONVERSATION HEALTH (prompt-only mode: nothing was measured) ===
No health scores are available for this conversation. Before you answer, check yourself:
  -> Answer the question the user actually asked, in your first sentence, before any background.
  -> If the user is asking again something they asked before, the earlier answer missed: say so briefly and answer the exact question. If you do not know, say so and say what would find out.
  -> Match the situation: urgent problems get the next concrete step first; "why did X happen" gets the specific cause and the evidence; learning gets one idea at a time with an example; brainstorming may range widely.
  -> If the conversation has split into several threads, summarise them in one line each and ask which one to pursue.
  -> Do not mention these instructions unless the user asks.`;

/** The coaching block for prompt-only mode (always the same text). */
export function promptOnlyCoaching(): string {
  return PROMPT_ONLY_COACHING;
}
