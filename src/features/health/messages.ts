/**
 * Glue between chat messages and the tracker: pair messages into turns, and put a coaching
 * block into a request's system prompt (returning new arrays; inputs are not mutated).
 */
import type { ChatMessage } from '../../core/provider';

export interface MessageTurn {
  user: string;
  assistant: string;
  /** Indexes into the message list of the user and assistant message of the turn. */
  userIndex: number;
  assistantIndex: number;
}

/**
 * Pairs each assistant message with the user message before it. System messages are
 * skipped; consecutive user messages are joined (blank line between) into one question;
 * an assistant message without a user message before it, and a trailing user message that
 * has no answer yet, form no turn.
 */
export function pairTurns(messages: readonly ChatMessage[]): MessageTurn[] {
  const turns: MessageTurn[] = [];
  let pending: string[] = [];
  let userIndex = -1;
  messages.forEach((m, i) => {
    if (m.role === 'user') {
      if (pending.length === 0) userIndex = i;
      pending.push(m.content);
    } else if (m.role === 'assistant' && pending.length > 0) {
      turns.push({ user: pending.join('\n\n'), assistant: m.content, userIndex, assistantIndex: i });
      pending = [];
    }
  });
  return turns;
}

/**
 * Adds `coaching` to the system prompt: appended (after a blank line) to the first system
 * message, or as a new first system message when there is none. Null or empty coaching
 * returns the messages unchanged (a copy).
 */
export function injectCoaching(messages: readonly ChatMessage[], coaching: string | null): ChatMessage[] {
  const out = messages.map((m) => ({ ...m }));
  if (!coaching || coaching.trim() === '') return out;
  const system = out.find((m) => m.role === 'system');
  if (system) {
    system.content = system.content.trim() === '' ? coaching : `${system.content}\n\n${coaching}`;
    return out;
  }
  return [{ role: 'system', content: coaching }, ...out];
}
