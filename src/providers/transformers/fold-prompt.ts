/**
 * Encoder-decoder models (T5, Flan-T5, LaMini-Flan-T5) take one input text, not a list of chat
 * messages: the conversation is folded into a single instruction. A lone user message goes in as
 * it is (what instruction-tuned T5s were trained on); a longer conversation becomes
 *
 *   <system prompt>
 *
 *   Conversation so far:
 *   User: …
 *   Assistant: …
 *   User: …
 *
 *   Answer the last message.
 *
 * Oldest turns are dropped first when the text would pass `maxChars` (T5's window is small);
 * the system prompt and the last message always stay (the last one cut from its start if it alone
 * is too long).
 */
import type { ChatMessage } from '../../core/provider';

export const FOLD_HEADER = 'Conversation so far:';
export const FOLD_INSTRUCTION = 'Answer the last message.';
const SPEAKER: Record<'user' | 'assistant', string> = { user: 'User', assistant: 'Assistant' };

export interface FoldOptions {
  /** Upper bound on the folded text's length in characters. Default 6000. */
  maxChars?: number;
}

export function foldConversation(messages: readonly ChatMessage[], options: FoldOptions = {}): string {
  const maxChars = options.maxChars ?? 6000;
  const system = messages
    .filter((m) => m.role === 'system')
    .map((m) => m.content.trim())
    .filter(Boolean)
    .join('\n\n');
  const turns = messages.filter((m) => m.role !== 'system' && m.content.trim() !== '');
  if (turns.length === 0) return clipStart(system, maxChars);
  if (turns.length === 1 && turns[0]!.role === 'user' && !system) {
    return clipStart(turns[0]!.content.trim(), maxChars);
  }
  const lines = turns.map((m) => `${SPEAKER[m.role as 'user' | 'assistant']}: ${m.content.trim()}`);
  const build = (kept: string[]): string =>
    [system, [FOLD_HEADER, ...kept].join('\n'), FOLD_INSTRUCTION].filter(Boolean).join('\n\n');
  let first = 0;
  while (first < lines.length - 1 && build(lines.slice(first)).length > maxChars) first += 1;
  const text = build(lines.slice(first));
  if (text.length <= maxChars) return text;
  // Only the last message is left and it is still too long: keep its end.
  const room = Math.max(0, maxChars - (text.length - lines.at(-1)!.length));
  const last = lines.at(-1)!;
  const speaker = last.slice(0, last.indexOf(': ') + 2);
  return build([speaker + clipStart(last.slice(speaker.length), room - speaker.length)]);
}

/** The end of `text`, at most `max` characters (the most recent words matter most). */
function clipStart(text: string, max: number): string {
  if (max <= 0) return '';
  return text.length <= max ? text : text.slice(text.length - max);
}
