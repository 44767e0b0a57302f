/** Small typed key-value records: settings, drafts. */
import type { IDBPDatabase } from 'idb';
import type { TandemDB } from './schema';

export class KeyValueRepository {
  constructor(private readonly db: IDBPDatabase<TandemDB>) {}

  async get<T>(key: string): Promise<T | undefined> {
    const record = await this.db.get('kv', key);
    return record?.value as T | undefined;
  }

  async set<T>(key: string, value: T): Promise<void> {
    await this.db.put('kv', { key, value, updatedAt: Date.now() });
  }

  async delete(key: string): Promise<void> {
    await this.db.delete('kv', key);
  }
}
