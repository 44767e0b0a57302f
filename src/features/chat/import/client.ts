/** Runs one chat-history import in a fresh worker and ends the worker afterwards. */
import type { DuplicateMode } from './plan';
import type { ChatImportResponse } from './protocol';

export function importChatsInWorker(file: Blob, mode: DuplicateMode): Promise<ChatImportResponse> {
  const worker = new Worker(new URL('./import.worker.ts', import.meta.url), {
    type: 'module',
    name: 'tandem-chat-import',
  });
  return new Promise<ChatImportResponse>((resolve) => {
    worker.onmessage = (event: MessageEvent<ChatImportResponse>) => resolve(event.data);
    worker.onerror = (event) =>
      resolve({
        ok: false,
        code: 'write-failed',
        message: `The import stopped (${event.message || 'worker error'}).`,
      });
    worker.postMessage({ file, mode });
  }).finally(() => worker.terminate());
}
