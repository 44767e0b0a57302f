/** Pure helpers of the chat: titles, message order and what the model is shown. */
import type { StoredMessage } from '../../core/stored';
import type { ChatMessage } from '../../core/provider';

/** What the model is asked when the user continues an answer cut at the token limit. */
export const CONTINUE_PROMPT =
  'Continue your last answer exactly where it stopped, without repeating anything.';

export function titleFrom(text: string): string {
  const line = text.split('\n')[0]!.trim();
  return line.length > 48 ? `${line.slice(0, 47)}…` : line || 'New chat';
}

/**
 * A creation time after every message on screen: a conversation is stored ordered by it, so a
 * question and its answer made in the same millisecond must not tie (the order would then be
 * the random ids', and a reload could show the answer first).
 */
export function nextCreatedAt(messages: readonly StoredMessage[], now = Date.now()): number {
  const last = messages.at(-1)?.createdAt ?? 0;
  return Math.max(now, last + 1);
}

/** The conversation as the model sees it: system prompt, then every message with content. */
export function historyForModel(system: string, stored: readonly StoredMessage[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (system) messages.push({ role: 'system', content: system });
  for (const m of stored) {
    if (m.role === 'system' || !m.content) continue;
    messages.push({ role: m.role, content: m.content });
  }
  return messages;
}

/** The user's message that an answer replied to. */
export function promptBefore(messages: readonly StoredMessage[], answer: StoredMessage): string | null {
  const at = messages.findIndex((m) => m.id === answer.id);
  for (let i = at - 1; i >= 0; i--) if (messages[i]!.role === 'user') return messages[i]!.content;
  return null;
}
