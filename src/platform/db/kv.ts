/**
 * Small typed key-value records: settings, drafts. Every value read is checked against its key's
 * schema (kv-schemas.ts): a bad value is set aside in quarantine and reads as missing (so the
 * caller's default applies); a settings object with bad fields reads with those fields reset.
 */
import type { IDBPDatabase } from 'idb';
import type { KvKey } from './kv-keys';
import { checkKeyValue } from './kv-schemas';
import { QuarantineRepository } from './quarantine';
import type { TandemDB } from './schema';

export interface KeyValueRepair {
  key: string;
  reason: string;
  fields: string[];
}

export class KeyValueRepository {
  /** Called when a stored value was repaired (some fields reset to defaults), for a notice. */
  onRepaired: ((repair: KeyValueRepair) => void) | null = null;

  constructor(
    private readonly db: IDBPDatabase<TandemDB>,
    private readonly quarantine = new QuarantineRepository(db),
  ) {}

  get<T>(key: KvKey<T>): Promise<T | undefined>;
  /** @deprecated Pass a key of the registry (`kv-keys.ts`); strings: tests of unregistered keys. */
  get<T>(key: string): Promise<T | undefined>;
  async get<T>(keyOrName: KvKey<T> | string): Promise<T | undefined> {
    const key = nameOf(keyOrName);
    const record = await this.db.get('kv', key);
    if (!record) return undefined;
    const check = checkKeyValue(key, (record as { value?: unknown }).value);
    if (check.ok === true) return check.value as T | undefined;
    // Keep the original in quarantine, whatever happens to the value.
    await this.quarantine.setAside([{ store: 'kv', key, record, reason: check.reason }]);
    if (check.ok === false) return undefined;
    await this.db.put('kv', { key, value: check.value, updatedAt: Date.now() });
    this.onRepaired?.({ key, reason: check.reason, fields: check.fields });
    return check.value as T;
  }

  set<T>(key: KvKey<T>, value: T): Promise<void>;
  /** @deprecated Pass a key of the registry (`kv-keys.ts`); strings: tests of unregistered keys. */
  set<T>(key: string, value: T): Promise<void>;
  async set<T>(key: KvKey<T> | string, value: T): Promise<void> {
    await this.db.put('kv', { key: nameOf(key), value, updatedAt: Date.now() });
  }

  async delete(key: KvKey<unknown> | string): Promise<void> {
    await this.db.delete('kv', nameOf(key));
  }
}

function nameOf(key: KvKey<unknown> | string): string {
  return typeof key === 'string' ? key : key.name;
}
