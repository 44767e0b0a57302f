/** The `feedback` store: one record per answer, validated on every read. */
import type { IDBPDatabase } from 'idb';
import type { FeedbackRecord } from '../../core/feedback';
import { byId, QuarantineRepository } from './quarantine';
import { feedbackSchema } from './records';
import type { TandemDB } from './schema';

export class FeedbackRepository {
  constructor(
    private readonly db: IDBPDatabase<TandemDB>,
    private readonly quarantine = new QuarantineRepository(db),
  ) {}

  private valid(records: unknown[]): Promise<FeedbackRecord[]> {
    return this.quarantine.keepValid('feedback', records, feedbackSchema, byId) as Promise<FeedbackRecord[]>;
  }

  async all(): Promise<FeedbackRecord[]> {
    return this.valid(await this.db.getAll('feedback'));
  }

  async get(id: string): Promise<FeedbackRecord | undefined> {
    const record = await this.db.get('feedback', id);
    return record ? (await this.valid([record]))[0] : undefined;
  }

  async put(record: FeedbackRecord): Promise<void> {
    await this.db.put('feedback', record);
  }

  async forConversation(conversationId: string): Promise<FeedbackRecord[]> {
    return this.valid(await this.db.getAllFromIndex('feedback', 'by-conversation', conversationId));
  }

  /** Removes a conversation's feedback; returns how many records went. */
  async removeConversation(conversationId: string): Promise<number> {
    const tx = this.db.transaction('feedback', 'readwrite');
    const keys = await tx.store.index('by-conversation').getAllKeys(conversationId);
    await Promise.all([...keys.map((k) => tx.store.delete(k)), tx.done]);
    return keys.length;
  }

  async clear(): Promise<void> {
    await this.db.clear('feedback');
  }
}
