/**
 * Regex checks in a worker with a time limit per check. The static refusal
 * (core/regex-safety.ts) catches nested repeats up front, but not every pattern that
 * backtracks exponentially: `(a|aa)+$` or `(a|a)*$` on "aaaa…!" pass it and then run for
 * minutes. So every check runs in a worker; one that is still running after
 * `REGEX_CHECK_TIMEOUT_MS` is stopped by terminating the worker (nothing else stops a running
 * RegExp), recorded as timed out, and the next check gets a fresh worker. Checks run one at a
 * time, so a timeout never kills another check's run.
 */
import { TandemError } from '../../../core/errors';
import { RpcClient, type WorkerLike } from '../../../platform/rpc/client';
import type { RegexOutcome } from './exec';
import type { RegexMethods } from './protocol';

/** How long one regex check may run before it is stopped and recorded as timed out. */
export const REGEX_CHECK_TIMEOUT_MS = 1000;

export interface RegexRunner {
  /** Runs `pattern` once on `text`: its first match, a bad pattern, a timeout or a failure. */
  exec(pattern: string, text: string): Promise<RegexOutcome>;
}

/** Starts the app's regex-check worker. */
export function startRegexWorker(): WorkerLike {
  return new Worker(new URL('./regex.worker.ts', import.meta.url), { type: 'module', name: 'tandem-regex' });
}

interface Started {
  client: RpcClient<RegexMethods>;
  /** Resolves once the worker's handlers are installed (the limit counts from then, not its start-up). */
  ready: Promise<void>;
}

export class WorkerRegexRunner implements RegexRunner {
  private current: Started | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly start: () => WorkerLike = startRegexWorker,
    readonly timeoutMs = REGEX_CHECK_TIMEOUT_MS,
  ) {}

  exec(pattern: string, text: string): Promise<RegexOutcome> {
    const run = this.queue.then(() => this.runOne(pattern, text));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Stops the worker (a later check starts a new one). */
  dispose(): void {
    this.current?.client.terminate();
    this.current = null;
  }

  private started(): Started {
    if (this.current) return this.current;
    const worker = this.start();
    const ready = new Promise<void>((resolve, reject) => {
      worker.addEventListener('message', (event: MessageEvent) => {
        if ((event.data as { kind?: unknown } | null)?.kind === 'ready') resolve();
      });
      worker.addEventListener('error', () => reject(new Error('the regex check worker did not start')));
    });
    this.current = { client: new RpcClient<RegexMethods>(worker, 'regex check worker'), ready };
    return this.current;
  }

  private async runOne(pattern: string, text: string): Promise<RegexOutcome> {
    const started = this.started();
    const drop = (): void => {
      if (this.current === started) this.current = null;
      started.client.terminate();
    };
    try {
      await started.ready;
    } catch (error) {
      drop();
      return { kind: 'failed', message: (error as Error).message };
    }
    return new Promise<RegexOutcome>((resolve) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        // The worker is stuck inside the pattern: only terminating it stops the run.
        timedOut = true;
        drop();
        resolve({ kind: 'timeout', afterMs: this.timeoutMs });
      }, this.timeoutMs);
      started.client.call('exec', { pattern, text }).then(
        (outcome) => {
          clearTimeout(timer);
          resolve(outcome);
        },
        (error: unknown) => {
          if (timedOut) return;
          clearTimeout(timer);
          drop();
          resolve({ kind: 'failed', message: error instanceof TandemError ? error.message : String(error) });
        },
      );
    });
  }
}
