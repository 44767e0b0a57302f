/** Runs one import in a fresh backup worker and ends the worker afterwards. */
import type { ExistingMode } from './merge';
import type { BackupImportResponse } from '../../protocol/backup';

export function importInWorker(file: Blob, mode: ExistingMode): Promise<BackupImportResponse> {
  const worker = new Worker(new URL('./backup.worker.ts', import.meta.url), {
    type: 'module',
    name: 'tandem-backup',
  });
  return new Promise<BackupImportResponse>((resolve) => {
    worker.onmessage = (event: MessageEvent<BackupImportResponse>) => resolve(event.data);
    worker.onerror = (event) =>
      resolve({
        ok: false,
        code: 'write-failed',
        message: `The import stopped (${event.message || 'worker error'}).`,
      });
    worker.postMessage({ file, mode });
  }).finally(() => worker.terminate());
}
