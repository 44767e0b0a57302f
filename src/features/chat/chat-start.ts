/**
 * A first question in a new chat: its conversation is created (titled after the question, with
 * the switcher's model choice for a new chat) and becomes the open one.
 */
import type { Conversation } from '../../core/stored';
import { KV, type KvKey } from '../../platform/db/kv-keys';
import { refusedIfFull } from './send-refusals';
import { titleFrom } from './chat-history';
import type { ChatDependencies } from './chat-types';
import type { NewChatRoute } from './new-chat-route.svelte';

/** Creates the conversation and opens it; null when a full disk refused it (reported). */
export async function startConversation(
  chat: { activeId: string | null; readonly newChat: NewChatRoute },
  deps: Pick<ChatDependencies, 'conversations' | 'kv' | 'onError'>,
  drafts: { moveTo(key: KvKey<string>): void },
  content: string,
): Promise<string | null> {
  const create = (): Promise<Conversation> =>
    deps.conversations.create(titleFrom(content), chat.newChat.fields());
  const created = await refusedIfFull(create, deps.onError);
  if (!created) return null;
  const conversationId = created.id;
  chat.activeId = conversationId;
  drafts.moveTo(KV.draft(conversationId));
  await refusedIfFull(async () => {
    await deps.kv.delete(KV.draft(null));
    await deps.kv.set(KV.activeConversation, conversationId);
  }, deps.onError);
  return conversationId;
}
