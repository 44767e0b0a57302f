/**
 * Records that failed validation are set aside here, never silently deleted: a bad record is
 * copied into the `quarantine` store and removed from its own store in one transaction, so the
 * app opens without it and the user can export or delete it (see QuarantineState).
 */
import type { IDBPDatabase } from 'idb';
import * as v from 'valibot';
import { newId } from '../../core/util/id';
import { describeIssues, quarantineSchema, type QuarantinedRecord } from './records';
import type { TandemDB } from './schema';

export type AppStore =
  'conversations' | 'messages' | 'kv' | 'evaluations' | 'evalResponses' | 'arenaVotes' | 'feedback';
const APP_STORES: readonly AppStore[] = [
  'conversations',
  'messages',
  'kv',
  'evaluations',
  'evalResponses',
  'arenaVotes',
  'feedback',
];

export interface SetAside {
  store: string;
  key: IDBValidKey;
  record: unknown;
  reason: string;
}

export function keyText(key: IDBValidKey): string {
  return typeof key === 'string' ? key : JSON.stringify(key);
}

export class QuarantineRepository {
  /** Called after records were set aside (the notice listens). */
  onChange: (() => void) | null = null;

  constructor(private readonly db: IDBPDatabase<TandemDB>) {}

  /**
   * Moves records into quarantine. Records of the app stores are removed from their store in
   * the same transaction; others (model files) only copied: their owner removes them after.
   */
  async setAside(items: SetAside[]): Promise<void> {
    if (items.length === 0) return;
    const tx = this.db.transaction(['quarantine', ...APP_STORES], 'readwrite');
    const now = Date.now();
    for (const item of items) {
      const entry: QuarantinedRecord = {
        id: newId('q_'),
        store: item.store,
        key: keyText(item.key),
        reason: item.reason,
        record: item.record,
        quarantinedAt: now,
      };
      await tx.objectStore('quarantine').put(entry);
      if (isAppStore(item.store)) await tx.objectStore(item.store).delete(item.key as string);
    }
    await tx.done;
    this.onChange?.();
  }

  async list(): Promise<QuarantinedRecord[]> {
    const all = await this.db.getAll('quarantine');
    // The quarantine is read too: a damaged entry is shown as such rather than breaking the list.
    return all.map((raw) =>
      v.is(quarantineSchema, raw)
        ? (raw as QuarantinedRecord)
        : {
            id: String((raw as { id?: unknown } | null)?.id ?? 'unknown'),
            store: 'quarantine',
            key: 'unknown',
            reason: 'damaged quarantine entry',
            record: raw,
            quarantinedAt: 0,
          },
    );
  }

  async clear(): Promise<void> {
    await this.db.clear('quarantine');
    this.onChange?.();
  }

  /**
   * Keeps the records that match `schema` (parsed) and sets the others aside. `keyOf` gives a
   * record's primary key (the store's key path).
   */
  async keepValid<T>(
    store: AppStore,
    records: unknown[],
    schema: v.GenericSchema<unknown, T>,
    keyOf: (record: unknown) => IDBValidKey,
  ): Promise<T[]> {
    const good: T[] = [];
    const bad: SetAside[] = [];
    for (const record of records) {
      const result = v.safeParse(schema, record);
      if (result.success) good.push(result.output);
      else bad.push({ store, key: keyOf(record), record, reason: describeIssues(result.issues) });
    }
    await this.setAside(bad);
    return good;
  }
}

function isAppStore(store: string): store is AppStore {
  return (APP_STORES as readonly string[]).includes(store);
}

/** The primary key of a record stored under key path `id` (or `key` for kv). */
export const byId = (record: unknown): IDBValidKey => (record as { id: IDBValidKey }).id;
export const byKey = (record: unknown): IDBValidKey => (record as { key: IDBValidKey }).key;
