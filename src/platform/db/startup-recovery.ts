/**
 * What a crash or a second tab can leave behind, found and repaired when the app starts:
 * answers still `streaming` that no tab generates any more become `interrupted` (their stored
 * text is kept), and messages whose conversation is gone are set aside in quarantine (they show
 * in the quarantine notice, where they can be exported or deleted).
 */
import type { IDBPDatabase } from 'idb';
import type { QuarantineRepository } from './quarantine';
import type { TandemDB } from './schema';
import { heldStreamIds } from './stream-locks';
import type { IndexedDbModelCache } from './model-files';

export interface StartupRepairs {
  /** Answers marked interrupted. */
  interrupted: number;
  /** Messages without a conversation, set aside. */
  orphans: number;
}

/**
 * Marks every stored `streaming` answer whose id is not in `live` as `interrupted`, in one
 * transaction. Returns how many were marked.
 */
export async function interruptStaleStreams(
  db: IDBPDatabase<TandemDB>,
  live: ReadonlySet<string>,
): Promise<number> {
  const tx = db.transaction('messages', 'readwrite');
  let marked = 0;
  for (let cursor = await tx.store.openCursor(); cursor; cursor = await cursor.continue()) {
    const record = cursor.value as { id?: unknown; status?: unknown };
    if (record?.status !== 'streaming' || typeof record.id !== 'string' || live.has(record.id)) continue;
    await cursor.update({ ...cursor.value, status: 'interrupted' });
    marked++;
  }
  await tx.done;
  return marked;
}

/** Sets aside every message whose conversation is not stored. Returns how many. */
export async function quarantineOrphans(
  db: IDBPDatabase<TandemDB>,
  quarantine: QuarantineRepository,
): Promise<number> {
  const tx = db.transaction(['conversations', 'messages']);
  const conversationIds = new Set((await tx.objectStore('conversations').getAllKeys()).map(String));
  const messages = (await tx.objectStore('messages').getAll()) as unknown[];
  await tx.done;
  const orphans = messages.filter((m) => {
    const id = (m as { conversationId?: unknown } | null)?.conversationId;
    return typeof id !== 'string' || !conversationIds.has(id);
  });
  await quarantine.setAside(
    orphans.map((record) => {
      const conversationId = String((record as { conversationId?: unknown }).conversationId);
      return {
        store: 'messages',
        key: (record as { id: IDBValidKey }).id,
        record,
        reason: `orphan: its conversation ${conversationId} is not stored (deleted while it was written?)`,
      };
    }),
  );
  return orphans.length;
}

/** Both repairs, in order; answers streamed by another live tab (their Web Lock is held) are left alone. */
export async function repairAtStartup(
  db: IDBPDatabase<TandemDB>,
  quarantine: QuarantineRepository,
  live?: ReadonlySet<string>,
): Promise<StartupRepairs> {
  const interrupted = await interruptStaleStreams(db, live ?? (await heldStreamIds()));
  const orphans = await quarantineOrphans(db, quarantine);
  return { interrupted, orphans };
}

/** Damaged model file records: set aside first, then removed, so nothing is lost on the way. */
export async function setAsideBadModelFiles(
  modelFiles: IndexedDbModelCache,
  quarantine: QuarantineRepository,
): Promise<void> {
  const badFiles = await modelFiles.findInvalid().catch(() => []);
  if (badFiles.length === 0) return;
  await quarantine.setAside(badFiles.map((f) => ({ ...f, store: 'tandem-models/files' })));
  await modelFiles.removeRecords(badFiles.map((f) => f.key));
}
