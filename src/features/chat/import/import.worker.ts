/// <reference lib="webworker" />
/**
 * Imports another app's chat history off the main thread: reading, parsing and checking a large
 * conversations.json here never freezes the page. Writes in one transaction (apply.ts) and sends
 * back only the summary. Nothing leaves the device.
 */
import { openAppDb } from '../../../platform/db/schema';
import { applyChatImport } from './apply';
import { parseChatExport } from './parse';
import { describeChatImport } from './plan';
import type { ChatImportRequest, ChatImportResponse } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<ChatImportRequest>) => {
  scope.postMessage(await importFile(event.data));
};

async function importFile({ file, mode }: ChatImportRequest): Promise<ChatImportResponse> {
  const parsed = parseChatExport(await file.text());
  if (!parsed.ok) return parsed;
  const db = await openAppDb();
  try {
    const plan = await applyChatImport(db, parsed, mode);
    return {
      ok: true,
      summary: describeChatImport(plan),
      conversations: plan.conversations.length,
      messages: plan.messages.length,
    };
  } catch (error) {
    const name = error instanceof DOMException ? error.name : '';
    const message =
      name === 'QuotaExceededError'
        ? 'There is not enough storage space for these conversations.'
        : `Writing the conversations failed (${error instanceof Error ? error.message : String(error)}).`;
    return { ok: false, code: 'write-failed', message };
  } finally {
    db.close();
  }
}
