/**
 * A server still loading its model answers 503 "Loading model" (llama-server, LM Studio, Ollama
 * behind a proxy). The request is tried again a bounded number of times, after the server's
 * `Retry-After` when it sent one, else after a doubling delay; each wait is announced on the answer.
 */
import type { TandemError } from '../../core/errors';

export const LOADING_RETRIES = 3;
export const LOADING_BASE_DELAY_MS = 1000;
/** The longest wait between two tries, whatever the server asks. */
export const LOADING_MAX_DELAY_MS = 15_000;

/** The wait before try `retry` (1-based): Retry-After when sent, else 1 s, 2 s, 4 s… capped. */
export function loadingDelayMs(error: TandemError, retry: number, baseMs = LOADING_BASE_DELAY_MS): number {
  const after = error.details?.retryAfterSeconds;
  const ms = typeof after === 'number' && after >= 0 ? after * 1000 : baseMs * 2 ** (retry - 1);
  return Math.min(ms, LOADING_MAX_DELAY_MS);
}

export function loadingNotice(retry: number, of: number): string {
  return `Your server is loading the model, retrying (${retry} of ${of})…`;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
