/**
 * For when the app database cannot be opened: read whatever can be read, without the app's
 * schema or version, and reset the database. The API key is never part of a dump.
 */
import { APP_DB_NAME } from './schema';
import { KV } from './kv-keys';

export const API_KEY_KV_KEY = KV.claudeApiKey.name;
const API_KEYS: readonly string[] = [KV.claudeApiKey.name, KV.serverApiKey.name];

export interface RawDump {
  format: 'tandem-raw-dump';
  exportedAt: string;
  database: string;
  version: number | null;
  stores: Record<string, unknown[]>;
  errors: string[];
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** Every readable record of every store, store by store; a store that fails is noted, not fatal. */
export async function rawDump(name = APP_DB_NAME): Promise<RawDump> {
  const dump: RawDump = {
    format: 'tandem-raw-dump',
    exportedAt: new Date().toISOString(),
    database: name,
    version: null,
    stores: {},
    errors: [],
  };
  let db: IDBDatabase;
  try {
    // No version: opens whatever is there without upgrading it.
    db = await request(indexedDB.open(name));
  } catch (error) {
    dump.errors.push(`open: ${error instanceof Error ? error.message : String(error)}`);
    return dump;
  }
  try {
    dump.version = db.version;
    for (const store of Array.from(db.objectStoreNames)) {
      try {
        const records = await request(db.transaction(store).objectStore(store).getAll());
        dump.stores[store] =
          store === 'kv'
            ? records.filter((r) => !API_KEYS.includes(String((r as { key?: unknown })?.key)))
            : records;
      } catch (error) {
        dump.errors.push(`${store}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } finally {
    db.close();
  }
  return dump;
}

/** Deletes the app database (conversations, settings; model files live elsewhere and stay). */
export function resetAppDatabase(name = APP_DB_NAME): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error ?? new Error('Could not delete the database'));
    req.onblocked = () => reject(new Error('Another Tandem tab is open: close it, then try again.'));
  });
}

/** The startup error in plain words, from what the browser threw. */
export function describeStartupError(error: unknown): string {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'QuotaExceededError') return 'This device has no storage space left for Tandem.';
  if (name === 'SecurityError' || name === 'InvalidStateError') {
    return 'The browser does not let Tandem use storage here (a private window or blocked site data?).';
  }
  if (name === 'VersionError') {
    return 'Your data was written by a newer version of Tandem. Reload to get the newest version.';
  }
  return `Tandem could not read its data in this browser (${message}).`;
}
