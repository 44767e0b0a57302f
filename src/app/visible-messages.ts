/**
 * The conversation as the user sees it, for features that read a conversation (health): the
 * branch on screen, never every branch in time order. For the open conversation it is what the
 * chat holds (no storage read, and its branch choice is current even before it is stored); for
 * any other, the stored messages along the stored branch choice.
 */
import type { Conversation, StoredMessage } from '../core/stored';
import { visiblePath } from '../features/chat';

export interface HeldConversation {
  readonly activeId: string | null;
  readonly messages: StoredMessage[];
}

export interface StoredConversations {
  messages(conversationId: string): Promise<StoredMessage[]>;
  get(conversationId: string): Promise<Conversation | undefined>;
}

export function visibleMessages(
  chat: () => HeldConversation,
  conversations: StoredConversations,
): (conversationId: string) => Promise<StoredMessage[]> {
  return async (conversationId) => {
    const held = chat();
    if (held.activeId === conversationId) return held.messages;
    const [all, conversation] = await Promise.all([
      conversations.messages(conversationId),
      conversations.get(conversationId),
    ]);
    return visiblePath(all, conversation?.branches ?? {});
  };
}
