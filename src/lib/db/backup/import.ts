/**
 * Applies a checked backup in one readwrite transaction over every store it touches: the
 * existing ids are read and the plan written inside it, so the import is all or nothing.
 */
import type { IDBPDatabase } from 'idb';
import type { TandemDB } from '../schema';
import type { Backup } from './format';
import { planImport, type ExistingMode, type ImportPlan } from './merge';
import { BACKUP_STORE_NAMES, type BackupRecord, type BackupStoreName } from './stores';

export async function applyBackup(
  db: IDBPDatabase<TandemDB>,
  backup: Backup,
  mode: ExistingMode,
): Promise<ImportPlan> {
  const tx = db.transaction(['conversations', 'messages', 'kv', ...BACKUP_STORE_NAMES], 'readwrite');
  try {
    const conversationIds = new Set((await tx.objectStore('conversations').getAllKeys()) as string[]);
    const kvRecords = await tx.objectStore('kv').getAll();
    const keyValues = new Map(kvRecords.map((r) => [r.key, r.value] as const));
    const plan = planImport(backup, { conversationIds, keyValues }, mode);
    // `add`, not `put`: an id that is somehow taken fails the whole transaction instead of
    // overwriting a stored record.
    await Promise.all([
      ...plan.conversations.map((c) => tx.objectStore('conversations').add(c)),
      ...plan.messages.map((m) => tx.objectStore('messages').add(m)),
      ...plan.keyValues.map((r) => tx.objectStore('kv').put(r)),
      // `put`: measurements of a conversation deleted since the backup may still be stored;
      // the backup's copy of the same record replaces it.
      ...BACKUP_STORE_NAMES.flatMap((name) =>
        (plan.stores[name] ?? []).map((r: BackupRecord) =>
          // Checked by the store's schema when the file was parsed.
          tx.objectStore(name).put(r as unknown as TandemDB[BackupStoreName]['value']),
        ),
      ),
      tx.done,
    ]);
    return plan;
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already aborted by the failing request.
    }
    throw error;
  }
}
