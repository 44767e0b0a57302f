/**
 * One Messages API request with bounded retries (429 honouring retry-after, 408/409/5xx/529 with
 * backoff, connection failures, first-byte timeouts; `x-should-retry` overrides the status). An
 * async generator: while Claude is overloaded (529) it yields the waits' notices
 * (`overloaded.ts`), then returns the OK response with its attempt's timer, or throws a TandemError.
 */
import type { TandemError } from '../../core/errors';
import type { StreamPart } from '../../core/provider';
import type { MessagesRequestBody } from './api-types';
import { offlineError, unreachableError } from './connection-errors';
import { mapHttpError } from './http-errors';
import { overloadedNotice, overloadedOutcomeNotice, type OverloadOutcome } from './overloaded';
import { AttemptTimer, firstByteTimeoutError } from './timeouts';

export interface SendDeps {
  fetch: typeof fetch;
  url: string;
  headers: () => Record<string, string>;
  endpointOrigin: string;
  model: string;
  apiKey: string;
  isOnline: () => boolean;
  firstByteTimeoutMs: number;
  maxRetries: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** ms before the attempt after `attempt` (0-based) when the server names no time. */
  backoff: (attempt: number) => number;
  /** ms before the next attempt; null when the server asks for longer than allowed. */
  retryDelay: (response: Response, attempt: number) => number | null;
}

export interface Sent {
  response: Response;
  timer: AttemptTimer;
}

export async function* sendWithRetries(
  d: SendDeps,
  body: MessagesRequestBody,
  signal: AbortSignal | undefined,
): AsyncGenerator<StreamPart, Sent, undefined> {
  let waits = 0; // overloaded waits announced so far
  const ended = (outcome: OverloadOutcome): StreamPart => ({
    type: 'notice',
    notice: overloadedOutcomeNotice(outcome, waits),
  });
  const outcomeOf = (error: TandemError): OverloadOutcome =>
    signal?.aborted ? 'stopped' : error.code === 'overloaded' ? 'still-overloaded' : 'failed';
  for (let attempt = 0; ; attempt++) {
    if (!d.isOnline()) {
      const error = offlineError();
      if (waits) yield ended(outcomeOf(error));
      throw error;
    }
    const timer = new AttemptTimer(signal);
    timer.arm(d.firstByteTimeoutMs, () => firstByteTimeoutError(Math.round(d.firstByteTimeoutMs / 100) / 10));
    let response: Response;
    try {
      response = await d.fetch(d.url, {
        method: 'POST',
        headers: d.headers(),
        body: JSON.stringify(body),
        signal: timer.signal,
      });
    } catch (error) {
      const timedOut = timer.timedOut;
      timer.dispose();
      if (signal?.aborted) {
        if (waits) yield ended('stopped');
        throw error;
      }
      const failure = !d.isOnline()
        ? offlineError()
        : (timedOut ?? unreachableError(d.endpointOrigin, error));
      if (failure.code !== 'offline' && attempt < d.maxRetries) {
        await d.sleep(d.backoff(attempt), signal);
        continue;
      }
      if (waits) yield ended(outcomeOf(failure));
      throw failure;
    }
    timer.disarm();
    if (response.ok) {
      if (waits) yield ended('answered');
      return { response, timer };
    }
    timer.dispose();

    const text = await response.text().catch(() => '');
    const error = mapHttpError(response.status, text, {
      retryAfter: response.headers.get('retry-after'),
      requestId: response.headers.get('request-id'),
      model: d.model,
      apiKey: d.apiKey,
    });
    // The API's own verdict wins over the status, both ways (as in the official SDKs).
    const verdict = response.headers.get('x-should-retry')?.trim().toLowerCase();
    const retry = verdict === 'true' ? true : verdict === 'false' ? false : error.retryable;
    const delay = retry && attempt < d.maxRetries ? d.retryDelay(response, attempt) : null;
    if (delay === null) {
      if (waits) yield ended(outcomeOf(error));
      throw error;
    }
    if (error.code === 'overloaded') {
      waits += 1;
      yield { type: 'notice', notice: overloadedNotice(attempt + 2, d.maxRetries + 1) };
    }
    await d.sleep(delay, signal);
  }
}
