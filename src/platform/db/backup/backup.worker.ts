/// <reference lib="webworker" />
/**
 * Imports a backup file off the main thread: reading, JSON parsing and checking a 100 MB file
 * here never freezes the page. The worker writes to IndexedDB itself, in one transaction, and
 * sends back only the summary.
 */
import { parseBackup } from './format';
import { applyBackup } from './import';
import { describePlan } from './merge';
import { openAppDb } from '../schema';
import type { BackupImportRequest, BackupImportResponse } from '../../protocol/backup';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<BackupImportRequest>) => {
  scope.postMessage(await importFile(event.data));
};

async function importFile({ file, mode }: BackupImportRequest): Promise<BackupImportResponse> {
  const parsed = parseBackup(await file.text());
  if (!parsed.ok) return parsed;
  const db = await openAppDb();
  try {
    const plan = await applyBackup(db, parsed.backup, mode);
    return {
      ok: true,
      summary: describePlan(plan),
      conversations: plan.conversations.length,
      messages: plan.messages.length,
      keyValues: plan.keyValues.length,
    };
  } catch (error) {
    const name = error instanceof DOMException ? error.name : '';
    const message =
      name === 'ConstraintError'
        ? 'A message id in the file is already used by another conversation here.'
        : name === 'QuotaExceededError'
          ? 'There is not enough storage space for this backup.'
          : `Writing the backup failed (${error instanceof Error ? error.message : String(error)}).`;
    return { ok: false, code: 'write-failed', message };
  } finally {
    db.close();
  }
}
