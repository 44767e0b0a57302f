/** Deleting a conversation, with Undo (split out of chat.svelte.ts). */
import type { Conversation, StoredMessage } from '../../core/stored';
import type { ChatDependencies } from './chat-types';

/** The chat state a deletion reads and changes. */
export interface RemoveHost {
  conversations: Conversation[];
  readonly activeId: string | null;
  open(id: string | null): Promise<void>;
  /** Stops the answer streaming in the conversation, if any. */
  stopIn(conversationId: string): void;
}

/** Deletes a conversation and offers Undo; its streaming answer stops at once. */
export async function removeConversation(
  chat: RemoveHost,
  deps: Pick<ChatDependencies, 'conversations' | 'onNotice' | 'onRemoved'>,
  id: string,
): Promise<void> {
  // Its answer stops at once (no more tokens paid for, no write into the deleted conversation).
  chat.stopIn(id);
  const deleted = await deps.conversations.delete(id);
  // An answer that was streaming comes back from Undo as interrupted, never as a zombie.
  const snapshot = deleted && {
    ...deleted,
    messages: deleted.messages.map((m): StoredMessage =>
      m.status === 'streaming' ? { ...m, status: 'interrupted' } : m,
    ),
  };
  chat.conversations = await deps.conversations.list();
  if (chat.activeId === id) await chat.open(chat.conversations[0]?.id ?? null);
  if (!snapshot) return;
  deps.onRemoved?.(snapshot.conversation);
  deps.onNotice(`Deleted "${snapshot.conversation.title}".`, {
    label: 'Undo',
    run: async () => {
      await deps.conversations.restore(snapshot);
      chat.conversations = await deps.conversations.list();
      await chat.open(snapshot.conversation.id);
    },
    // The delete button is gone: Undo is where a keyboard user's focus belongs now.
    focus: true,
  });
}
