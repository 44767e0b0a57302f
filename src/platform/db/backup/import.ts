/**
 * Applies a checked backup in one readwrite transaction over every store it touches: the
 * existing ids are read and the plan written inside it, so the import is all or nothing.
 */
import type { IDBPDatabase } from 'idb';
import type { TandemDB } from '../schema';
import { BACKUP_STORES } from './constants';
import type { Backup } from './format';
import { planImport, type ExistingMode, type ImportPlan } from './merge';

export async function applyBackup(
  db: IDBPDatabase<TandemDB>,
  backup: Backup,
  mode: ExistingMode,
): Promise<ImportPlan> {
  const stores = BACKUP_STORES;
  const tx = db.transaction(stores, 'readwrite');
  try {
    const conversationIds = new Set((await tx.objectStore('conversations').getAllKeys()) as string[]);
    const feedbackIds = new Set((await tx.objectStore('feedback').getAllKeys()) as string[]);
    const evaluationIds = new Set((await tx.objectStore('evaluations').getAllKeys()) as string[]);
    const voteIds = new Set((await tx.objectStore('arenaVotes').getAllKeys()) as string[]);
    const measurementIds = new Set((await tx.objectStore('answerMetrics').getAllKeys()) as string[]);
    const operationIds = new Set((await tx.objectStore('operations').getAllKeys()) as string[]);
    const documentIds = new Set((await tx.objectStore('documents').getAllKeys()) as string[]);
    const kvRecords = await tx.objectStore('kv').getAll();
    const keyValues = new Map(kvRecords.map((r) => [r.key, r.value] as const));
    const plan = planImport(
      backup,
      {
        conversationIds,
        keyValues,
        feedbackIds,
        evaluationIds,
        voteIds,
        measurementIds,
        operationIds,
        documentIds,
      },
      mode,
    );
    // `add`, not `put`: an id that is somehow taken fails the whole transaction instead of
    // overwriting a stored record (the plan already left out every id that is here).
    await Promise.all([
      ...plan.conversations.map((c) => tx.objectStore('conversations').add(c)),
      ...plan.messages.map((m) => tx.objectStore('messages').add(m)),
      ...plan.keyValues.map((r) => tx.objectStore('kv').put(r)),
      ...plan.feedback.map((r) => tx.objectStore('feedback').add(r)),
      ...plan.evaluations.map((e) => tx.objectStore('evaluations').add(e)),
      ...plan.evalResponses.map((r) => tx.objectStore('evalResponses').add(r)),
      ...plan.arenaVotes.map((r) => tx.objectStore('arenaVotes').add(r)),
      ...plan.answerMetrics.map((r) => tx.objectStore('answerMetrics').add(r)),
      ...plan.operations.map((r) => tx.objectStore('operations').add(r)),
      ...plan.documents.map((d) => tx.objectStore('documents').add(d)),
      ...plan.documentChunks.map((c) => tx.objectStore('documentChunks').add(c)),
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
