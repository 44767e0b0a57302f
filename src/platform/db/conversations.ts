/** Conversations and their messages. */
import type { IDBPDatabase } from 'idb';
import { TandemError } from '../../core/errors';
import { newId } from '../../core/util/id';
import { byId, QuarantineRepository } from './quarantine';
import * as v from 'valibot';
import { conversationSchema, describeIssues, healthReportSchema, messageSchema } from './records';
import type { TandemDB } from './schema';
import type { Conversation, StoredMessage } from '../../core/stored';
import type { TabNotice } from '../tabs/notices';

/**
 * Every record read here is validated; one that does not match its schema is set aside in
 * quarantine (not deleted) and left out, so one damaged record never stops the app.
 */
export class ConversationRepository {
  /** Called after a conversation was created, with the number stored. */
  onCreated: ((total: number) => void) | null = null;
  /** Called after every stored change, with what changed (the other tabs are told: platform/tabs). */
  onChange: ((notice: TabNotice) => void) | null = null;

  constructor(
    private readonly db: IDBPDatabase<TandemDB>,
    private readonly quarantine = new QuarantineRepository(db),
  ) {}

  private validConversations(records: unknown[]): Promise<Conversation[]> {
    return this.quarantine.keepValid('conversations', records, conversationSchema, byId) as Promise<
      Conversation[]
    >;
  }

  private async validMessages(records: unknown[]): Promise<StoredMessage[]> {
    const repaired = await this.dropBadHealth(records);
    return this.quarantine.keepValid('messages', repaired, messageSchema, byId) as Promise<StoredMessage[]>;
  }

  /**
   * A message whose health report is malformed keeps its text: the report alone is set aside
   * (a copy of the whole record goes to quarantine, with the notice) and the message is stored
   * again without it, so the chat never reads a report it cannot draw.
   */
  private async dropBadHealth(records: unknown[]): Promise<unknown[]> {
    const bad: { index: number; reason: string }[] = [];
    records.forEach((record, index) => {
      const health = (record as { health?: unknown } | null)?.health;
      if (health === undefined) return;
      const result = v.safeParse(healthReportSchema, health);
      if (!result.success) bad.push({ index, reason: `health: ${describeIssues(result.issues)}` });
    });
    if (bad.length === 0) return records;
    const out = [...records];
    await this.quarantine.setAside(
      bad.map(({ index, reason }) => ({
        store: 'message-health',
        key: byId(records[index]),
        record: records[index],
        reason,
      })),
    );
    for (const { index } of bad) {
      const { health: _dropped, ...rest } = records[index] as { health?: unknown };
      out[index] = rest;
      if (v.is(messageSchema, rest)) await this.db.put('messages', rest as StoredMessage);
    }
    return out;
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

  /** A new conversation; `start` holds what it starts with besides its title (e.g. its route override). */
  async create(
    title = 'New chat',
    start: Pick<Conversation, 'routeOverride' | 'settings'> = {},
  ): Promise<Conversation> {
    const now = Date.now();
    const conversation: Conversation = { id: newId('c_'), title, ...start, createdAt: now, updatedAt: now };
    await this.db.put('conversations', conversation);
    this.onChange?.({ kind: 'conversation-created', conversationId: conversation.id });
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
    this.onChange?.({ kind: 'conversation-changed', conversationId: id });
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
    this.onChange?.({ kind: 'conversation-deleted', conversationId: id });
    return { conversation, messages };
  }

  /** Puts back what `delete` removed (undo). */
  async restore(snapshot: { conversation: Conversation; messages: StoredMessage[] }): Promise<void> {
    const tx = this.db.transaction(['conversations', 'messages'], 'readwrite');
    await tx.objectStore('conversations').put(snapshot.conversation);
    for (const message of snapshot.messages) await tx.objectStore('messages').put(message);
    await tx.done;
    this.onChange?.({ kind: 'conversation-created', conversationId: snapshot.conversation.id });
  }

  async messages(conversationId: string): Promise<StoredMessage[]> {
    const range = IDBKeyRange.bound([conversationId, -Infinity], [conversationId, Infinity]);
    return this.validMessages(await this.db.getAllFromIndex('messages', 'by-conversation', range));
  }

  /**
   * Writes a message and touches its conversation, in one transaction. Refuses (a
   * `conversation-missing` TandemError, nothing written) when the conversation is gone: deleted
   * here while its answer streamed, or in another tab.
   */
  putMessage(message: StoredMessage): Promise<void> {
    return this.putMessages([message]);
  }

  /**
   * Writes messages of one conversation (e.g. a scored turn: question and answer) and touches
   * the conversation, in one transaction: all or nothing, refused as `putMessage` is.
   */
  async putMessages(messages: readonly StoredMessage[]): Promise<void> {
    const conversationId = messages[0]?.conversationId;
    if (conversationId === undefined) return;
    if (messages.some((m) => m.conversationId !== conversationId)) {
      throw new TandemError('unknown', 'Messages of one write must belong to one conversation.');
    }
    const tx = this.db.transaction(['conversations', 'messages'], 'readwrite');
    const conversation = await tx.objectStore('conversations').get(conversationId);
    if (!conversation) {
      tx.abort();
      await tx.done.catch(() => undefined);
      throw new TandemError(
        'conversation-missing',
        'This conversation was deleted (here or in another tab): nothing was saved into it.',
      );
    }
    for (const message of messages) await tx.objectStore('messages').put(message);
    await tx.objectStore('conversations').put({ ...conversation, updatedAt: Date.now() });
    await tx.done;
    for (const message of messages) {
      this.onChange?.({ kind: 'message-changed', conversationId, messageId: message.id });
    }
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
