/** The conversation as the user saw it, up to and including one answer (pure). */
import type { StoredMessage } from '../../core/stored';
import type { ChatMessage } from '../../core/provider';
import { pathTo } from '../chat';

export function conversationUpTo(
  answer: StoredMessage,
  stored: readonly StoredMessage[],
  systemPrompt: string,
): ChatMessage[] {
  const out: ChatMessage[] = systemPrompt ? [{ role: 'system', content: systemPrompt }] : [];
  // The branch that led to this answer: never another branch of the conversation.
  for (const m of pathTo(stored, answer)) {
    if (m.id === answer.id) break;
    if (m.role === 'system' || !m.content) continue;
    out.push({ role: m.role, content: m.content });
  }
  out.push({ role: 'assistant', content: answer.content });
  return out;
}
