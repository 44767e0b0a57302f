/**
 * Records every RPC call the page posts to its workers (chat and embedding), in order: a
 * test-only init script, nothing in the app. Specs assert on what a worker was asked to do.
 */
import type { Page } from '@playwright/test';

export interface RecordedCall {
  method: string;
  params: { texts?: string[]; messages?: { role: string; content: string }[] };
}

export async function recordWorkerCalls(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const calls: unknown[] = [];
    (window as unknown as { __workerCalls: unknown[] }).__workerCalls = calls;
    const original = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
      const m = message as { kind?: string; method?: string; params?: unknown };
      if (m && m.kind === 'call')
        calls.push(JSON.parse(JSON.stringify({ method: m.method, params: m.params })));
      return (original as (...args: unknown[]) => void).call(this, message, ...rest);
    } as typeof Worker.prototype.postMessage;
  });
}

/** The recorded calls of one method (e.g. 'generate', 'embed'), oldest first. */
export async function workerCalls(page: Page, method: string): Promise<RecordedCall[]> {
  const calls = await page.evaluate(
    () => (window as unknown as { __workerCalls: RecordedCall[] }).__workerCalls,
  );
  return calls.filter((c) => c.method === method);
}
