/**
 * A server still loading its model answers 503 "Loading model" (llama-server, LM Studio, Ollama
 * behind a proxy). The request is tried again a bounded number of times, after the server's
 * `Retry-After` when it sent one, else after a doubling delay; each wait is announced on the answer,
 * in one notice that ends saying how the wait ended.
 */
import type { TandemError } from '../../core/errors';
import type { AnswerNotice } from '../../core/provider';

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

/** The id the loading notices share: each one takes the place of the one before on the answer. */
export const LOADING_NOTICE_ID = 'server-loading';

/** While waiting before try `retry` of `of`. */
export function loadingNotice(retry: number, of: number): AnswerNotice {
  return {
    kind: 'info',
    id: LOADING_NOTICE_ID,
    text: `Your server is loading the model, retrying (${retry} of ${of})…`,
  };
}

export type WaitOutcome = 'answered' | 'still-loading' | 'failed' | 'stopped';

/** How a wait that did not end in an answer ended. */
export function endOfWait(error: TandemError, signal?: AbortSignal): Exclude<WaitOutcome, 'answered'> {
  if (signal?.aborted) return 'stopped';
  return error.code === 'model-loading' ? 'still-loading' : 'failed';
}

const OUTCOME: Record<WaitOutcome, (retries: string) => string> = {
  answered: (r) => `Your server was loading the model: answered after ${r}.`,
  'still-loading': (r) => `Your server was still loading the model after ${r}.`,
  failed: (r) => `Your server was loading the model; after ${r} it failed.`,
  stopped: () => 'Stopped while waiting for your server to load the model.',
};

/**
 * How the wait ended, in the past tense: it takes the place of "retrying…", which would otherwise
 * stay on the answer as if the app were still waiting.
 */
export function loadingOutcomeNotice(outcome: WaitOutcome, retries: number): AnswerNotice {
  const times = `${retries} ${retries === 1 ? 'retry' : 'retries'}`;
  return { kind: 'info', id: LOADING_NOTICE_ID, text: OUTCOME[outcome](times) };
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
