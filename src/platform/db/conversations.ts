/** Conversations and their messages. */
import type { IDBPDatabase } from 'idb';
import { newId } from '../../core/util/id';
import { byId, QuarantineRepository } from './quarantine';
import { conversationSchema, messageSchema } from './records';
import type { TandemDB } from './schema';
import type { Conversation, StoredMessage } from '../../core/stored';

/**
 * Every record read here is validated; one that does not match its schema is set aside in
 * quarantine (not deleted) and left out, so one damaged record never stops the app.
 */
export class ConversationRepository {
  /** Called after a conversation was created, with the number stored. */
  onCreated: ((total: number) => void) | null = null;

  constructor(
    private readonly db: IDBPDatabase<TandemDB>,
    private readonly quarantine = new QuarantineRepository(db),
  ) {}

  private validConversations(records: unknown[]): Promise<Conversation[]> {
    return this.quarantine.keepValid('conversations', records, conversationSchema, byId) as Promise<
      Conversation[]
    >;
  }

  private validMessages(records: unknown[]): Promise<StoredMessage[]> {
    return this.quarantine.keepValid('messages', records, messageSchema, byId) as Promise<StoredMessage[]>;
  }

  /** Newest first. Read from the store, not the index: a record without `updatedAt` is still seen. */
  async list(): Promise<Conversation[]> {
    const all = await this.validConversations(await this.db.getAll('conversations'));
    return all.sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async get(id: string): Promise<Conversation | undefined> {
    const record = await this.db.get('conversations', id);
    return record ? (await this.validConversations([record]))[0] : undefined;
  }

  /** How many conversations are stored (valid or not). */
  count(): Promise<number> {
    return this.db.count('conversations');
  }

  async create(title = 'New chat'): Promise<Conversation> {
    const now = Date.now();
    const conversation: Conversation = { id: newId('c_'), title, createdAt: now, updatedAt: now };
    await this.db.put('conversations', conversation);
    if (this.onCreated) this.onCreated(await this.count());
    return conversation;
  }

  async update(id: string, patch: Partial<Omit<Conversation, 'id'>>): Promise<Conversation | undefined> {
    const tx = this.db.transaction('conversations', 'readwrite');
    const current = await tx.store.get(id);
    if (!current) return undefined;
    const next = { ...current, ...patch, updatedAt: patch.updatedAt ?? Date.now() };
    await tx.store.put(next);
    await tx.done;
    return next;
  }

  /** Deletes a conversation and its messages; returns them so the caller can offer undo. */
  async delete(id: string): Promise<{ conversation: Conversation; messages: StoredMessage[] } | undefined> {
    const tx = this.db.transaction(['conversations', 'messages'], 'readwrite');
    const conversation = await tx.objectStore('conversations').get(id);
    if (!conversation) return undefined;
    const index = tx.objectStore('messages').index('by-conversation');
    const range = IDBKeyRange.bound([id, -Infinity], [id, Infinity]);
    const messages = await index.getAll(range);
    for (const message of messages) await tx.objectStore('messages').delete(message.id);
    await tx.objectStore('conversations').delete(id);
    await tx.done;
    return { conversation, messages };
  }

  /** Puts back what `delete` removed (undo). */
  async restore(snapshot: { conversation: Conversation; messages: StoredMessage[] }): Promise<void> {
    const tx = this.db.transaction(['conversations', 'messages'], 'readwrite');
    await tx.objectStore('conversations').put(snapshot.conversation);
    for (const message of snapshot.messages) await tx.objectStore('messages').put(message);
    await tx.done;
  }

  async messages(conversationId: string): Promise<StoredMessage[]> {
    const range = IDBKeyRange.bound([conversationId, -Infinity], [conversationId, Infinity]);
    return this.validMessages(await this.db.getAllFromIndex('messages', 'by-conversation', range));
  }

  /** Writes a message and touches its conversation, in one transaction. */
  async putMessage(message: StoredMessage): Promise<void> {
    const tx = this.db.transaction(['conversations', 'messages'], 'readwrite');
    await tx.objectStore('messages').put(message);
    const conversation = await tx.objectStore('conversations').get(message.conversationId);
    if (conversation) await tx.objectStore('conversations').put({ ...conversation, updatedAt: Date.now() });
    await tx.done;
  }

  /** The latest assistant answers across all conversations, newest first. */
  async recentAnswers(limit: number): Promise<StoredMessage[]> {
    const all = await this.validMessages(await this.db.getAll('messages'));
    return all
      .filter((m) => m.role === 'assistant' && m.status !== 'streaming')
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, limit);
  }

  /**
   * Searches titles and message text of every conversation (for Claude's search_history tool).
   * A conversation matches when all the query's words appear in its title or one message.
   */
  async search(
    query: string,
    options: { limit?: number; exclude?: string | null } = {},
  ): Promise<{ conversationId: string; title: string; snippet: string }[]> {
    const limit = options.limit ?? 5;
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) return [];
    const matches = (text: string): boolean => {
      const lower = text.toLowerCase();
      return words.every((w) => lower.includes(w));
    };
    const [conversations, messages] = await Promise.all([
      this.list(),
      this.db.getAll('messages').then((all) => this.validMessages(all)),
    ]);
    const hits: { conversationId: string; title: string; snippet: string }[] = [];
    for (const c of conversations) {
      if (c.id === options.exclude) continue;
      const message = messages.find((m) => m.conversationId === c.id && m.content && matches(m.content));
      if (!message && !matches(c.title)) continue;
      hits.push({
        conversationId: c.id,
        title: c.title,
        snippet: snippetAround(message?.content ?? c.title, words[0]!),
      });
      if (hits.length >= limit) break;
    }
    return hits;
  }

  async deleteMessage(id: string): Promise<void> {
    await this.db.delete('messages', id);
  }
}

/** Case-insensitive title search, kept pure so the list can filter without a database trip. */
export function filterByTitle(conversations: Conversation[], query: string): Conversation[] {
  const q = query.trim().toLowerCase();
  if (!q) return conversations;
  return conversations.filter((c) => c.title.toLowerCase().includes(q));
}

function snippetAround(text: string, word: string): string {
  const at = Math.max(0, text.toLowerCase().indexOf(word));
  const start = Math.max(0, at - 60);
  return `${start > 0 ? '…' : ''}${text.slice(start, start + 200)}${start + 200 < text.length ? '…' : ''}`;
}
