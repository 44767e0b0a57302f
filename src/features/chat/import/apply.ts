/**
 * Writes a chat import in one readwrite transaction: the ids of conversations imported before
 * are read inside it and every record is added (`add`, never `put`), so the import is all or
 * nothing and a stored record is never overwritten.
 */
import type { IDBPDatabase } from 'idb';
import type { TandemDB } from '../../../platform/db/schema';
import { importKey, planChatImport, type ChatImportPlan, type DuplicateMode } from './plan';
import type { ParsedChats } from './types';

export async function applyChatImport(
  db: IDBPDatabase<TandemDB>,
  parsed: ParsedChats,
  mode: DuplicateMode,
): Promise<ChatImportPlan> {
  const tx = db.transaction(['conversations', 'messages'], 'readwrite');
  try {
    const existing = new Set<string>();
    for (const c of await tx.objectStore('conversations').getAll()) {
      if (c.importedFrom) existing.add(importKey(c.importedFrom.app, c.importedFrom.id));
    }
    const plan = planChatImport(parsed, existing, mode);
    await Promise.all([
      ...plan.conversations.map((c) => tx.objectStore('conversations').add(c)),
      ...plan.messages.map((m) => tx.objectStore('messages').add(m)),
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
