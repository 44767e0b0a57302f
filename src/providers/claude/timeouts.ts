/**
 * Timeouts of one request attempt: a connect/first-byte deadline (until the response headers
 * arrive) and an idle deadline while the answer streams (re-armed on every event, `ping`
 * included). A timer that fires aborts the attempt with the TandemError it was armed with, so
 * the reader can tell a timeout (that error) from the user's Stop (the outer signal).
 */
import { TandemError } from '../../core/errors';

export class AttemptTimer {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly unlink: () => void;

  constructor(private readonly outer: AbortSignal | undefined) {
    const forward = (): void => this.controller.abort(outer?.reason);
    if (outer?.aborted) forward();
    outer?.addEventListener('abort', forward, { once: true });
    this.unlink = () => outer?.removeEventListener('abort', forward);
  }

  /** Aborted by the user's Stop or by a timeout (then `reason` is the timeout's TandemError). */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The timeout error, when a timer fired (and the user did not stop first). */
  get timedOut(): TandemError | null {
    if (this.outer?.aborted) return null;
    const reason: unknown = this.controller.signal.reason;
    return reason instanceof TandemError && reason.code === 'timeout' ? reason : null;
  }

  /** (Re)starts the deadline; `ms` <= 0 means no deadline. */
  arm(ms: number, error: () => TandemError): void {
    this.disarm();
    if (!(ms > 0) || this.controller.signal.aborted) return;
    this.timer = setTimeout(() => this.controller.abort(error()), ms);
  }

  disarm(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  dispose(): void {
    this.disarm();
    this.unlink();
  }
}

export function firstByteTimeoutError(seconds: number): TandemError {
  return new TandemError(
    'timeout',
    `Claude did not start answering within ${seconds} s. Try again; if it keeps happening, check the base URL or raise the timeout in Settings.`,
    { retryable: true, name: 'ClaudeError', details: { timeout: 'first-byte' } },
  );
}

export function idleTimeoutError(seconds: number, partial: boolean, requestId: string | null): TandemError {
  const kept = partial ? ' The partial answer is kept; retry to get a full one.' : ' Retry to ask again.';
  return new TandemError(
    'timeout',
    `Claude stopped sending for ${seconds} s in the middle of the answer.${kept}`,
    {
      retryable: true,
      name: 'ClaudeError',
      details: { timeout: 'idle', partial, ...(requestId ? { requestId } : {}) },
    },
  );
}
