/**
 * The chat's `prepareMessages`, composed from the features that add to a request: health's
 * coaching goes into the system prompt first, then the documents' excerpts; what each added is
 * recorded on the answer (`coaching`, `sources`).
 */
import type { AnswerContext, PreparedMessages } from '../core/answering';
import type { ChatMessage } from '../core/provider';
import type { MessageSource, StoredMessage } from '../core/stored';

export interface AnswerPreparers {
  coach: (
    conversationId: string,
    messages: ChatMessage[],
    stored: readonly StoredMessage[],
  ) => Promise<{ messages: ChatMessage[]; coaching: string | null }>;
  excerpts: (
    conversationId: string,
    messages: ChatMessage[],
  ) => Promise<{ messages: ChatMessage[]; sources: MessageSource[] | null }>;
}

export function prepareAnswer(
  preparers: AnswerPreparers,
): (context: AnswerContext) => Promise<PreparedMessages> {
  return async ({ conversationId, messages, stored }) => {
    const coached = await preparers.coach(conversationId, messages, stored);
    const found = await preparers.excerpts(conversationId, coached.messages);
    const recorded: PreparedMessages['recorded'] = {};
    if (coached.coaching) recorded.coaching = coached.coaching;
    if (found.sources) recorded.sources = found.sources;
    return { messages: found.messages, recorded };
  };
}
