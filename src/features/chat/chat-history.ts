/** Pure helpers of the chat: titles, message order and what the model is shown. */
import type { StoredMessage } from '../../core/stored';
import type { ChatMessage } from '../../core/provider';
import { newId } from '../../core/util/id';
import { cleanName } from '../../core/names';

/** What the model is asked when the user continues an answer cut at the token limit. */
export const CONTINUE_PROMPT =
  'Continue your last answer exactly where it stopped, without repeating anything.';

export function titleFrom(text: string): string {
  const line = cleanName(text.split('\n')[0]!).trim();
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

/** A new user message under `parentId`, created after every message in `after`. */
export function questionMessage(
  conversationId: string,
  parentId: string | null,
  content: string,
  after: readonly StoredMessage[],
): StoredMessage {
  const createdAt = nextCreatedAt(after);
  return { id: newId('m_'), conversationId, parentId, role: 'user', content, createdAt, status: 'complete' };
}

/** Sent in place of an answer that has no text (failed, stopped at once), so user turns never merge. */
export const NO_ANSWER = '[No answer was given.]';
/** Appended to an interrupted answer that a later turn follows: the model knows it is not whole. */
export const INTERRUPTED_MARK = '[This answer was interrupted here.]';

/**
 * An answer the user can continue: cut at the token limit, interrupted by a crash, or stopped
 * (Stop, Escape) after some text was written.
 */
export function canContinue(message: StoredMessage): boolean {
  if (message.role !== 'assistant') return false;
  return (
    message.status === 'interrupted' ||
    (message.status === 'stopped' && message.content.length > 0) ||
    (message.status === 'complete' && message.finishReason === 'length')
  );
}

/**
 * The conversation as the model sees it: system prompt, then every message with content.
 * An interrupted answer is sent with INTERRUPTED_MARK after it, except when it is the last
 * message (then it is being continued, and the model must see exactly the text to go on from).
 * Two user turns are never sent in a row: an answer without text stands as NO_ANSWER.
 */
export function historyForModel(system: string, stored: readonly StoredMessage[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (system) messages.push({ role: 'system', content: system });
  stored.forEach((m, i) => {
    if (m.role === 'system') return;
    const last = i === stored.length - 1;
    let content = m.content;
    if (m.role === 'assistant' && m.status === 'interrupted' && !last) {
      content = content ? `${content}\n\n${INTERRUPTED_MARK}` : INTERRUPTED_MARK;
    }
    if (!content) return;
    if (m.role === 'user' && messages.at(-1)?.role === 'user') {
      messages.push({ role: 'assistant', content: NO_ANSWER });
    }
    messages.push({ role: m.role, content });
  });
  return messages;
}

/** The user's message that an answer replied to. */
export function promptBefore(messages: readonly StoredMessage[], answer: StoredMessage): string | null {
  const at = messages.findIndex((m) => m.id === answer.id);
  for (let i = at - 1; i >= 0; i--) if (messages[i]!.role === 'user') return messages[i]!.content;
  return null;
}
