/** The `answerMetrics` store: one record per answer attempt, read newest first or per model. */
import type { IDBPDatabase } from 'idb';
import type { AnswerMetric } from '../../core/answers/metric';
import type { TandemDB } from './schema';

export class AnswerMetricRepository {
  constructor(private readonly db: IDBPDatabase<TandemDB>) {}

  async add(records: readonly AnswerMetric[]): Promise<void> {
    if (records.length === 0) return;
    const tx = this.db.transaction('answerMetrics', 'readwrite');
    await Promise.all([...records.map((r) => tx.store.put(r)), tx.done]);
  }

  /** The newest records first. */
  async recent(limit = 100): Promise<AnswerMetric[]> {
    const out: AnswerMetric[] = [];
    let cursor = await this.db
      .transaction('answerMetrics')
      .store.index('by-started')
      .openCursor(null, 'prev');
    while (cursor && out.length < limit) {
      out.push(cursor.value);
      cursor = await cursor.continue();
    }
    return out;
  }

  /** Every record of one model, oldest first. */
  byModel(modelId: string): Promise<AnswerMetric[]> {
    const range = IDBKeyRange.bound([modelId, -Infinity], [modelId, Infinity]);
    return this.db.getAllFromIndex('answerMetrics', 'by-model', range);
  }

  /** The attempts of one answer, in order. */
  async forMessage(messageId: string): Promise<AnswerMetric[]> {
    const all = await this.db.getAllFromIndex('answerMetrics', 'by-message', messageId);
    return all.sort((a, b) => a.attempt - b.attempt);
  }
}
