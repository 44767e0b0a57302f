/**
 * Page side of the worker RPC: typed calls with ids, abort through AbortSignal, streamed events,
 * typed errors. If the worker dies, every pending call fails with `worker-crashed`.
 */
import { TandemError, abortError, deserializeError } from '../../core/errors';
import type { MethodMap, RpcFromWorker, RpcToWorker } from './protocol';

/** The part of `Worker` the client needs; lets tests pass a MessagePort-like fake. */
export interface WorkerLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent | Event) => void): void;
  terminate?(): void;
}

export interface CallOptions<E> {
  signal?: AbortSignal;
  onEvent?: (event: E) => void;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  onEvent?: (event: unknown) => void;
  cleanup: () => void;
}

export class RpcClient<M extends MethodMap> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private crashed: TandemError | null = null;

  constructor(
    private readonly worker: WorkerLike,
    private readonly workerName = 'worker',
  ) {
    worker.addEventListener('message', (event: MessageEvent) =>
      this.onMessage(event.data as RpcFromWorker<M>),
    );
    worker.addEventListener('error', (event: ErrorEvent | Event) => {
      const detail = 'message' in event && event.message ? `: ${event.message}` : '';
      this.failAll(
        new TandemError(
          'worker-crashed',
          `The ${this.workerName} stopped unexpectedly${detail}. Reload the model to try again.`,
          {
            retryable: true,
            name: 'WorkerCrashedError',
          },
        ),
      );
    });
  }

  /** Number of calls still waiting for an answer. */
  get inFlight(): number {
    return this.pending.size;
  }

  call<K extends keyof M & string>(
    method: K,
    params: M[K]['params'],
    options: CallOptions<M[K]['event']> = {},
  ): Promise<M[K]['result']> {
    if (this.crashed) return Promise.reject(this.crashed);
    const { signal, onEvent } = options;
    if (signal?.aborted) return Promise.reject(abortError());
    const id = this.nextId++;
    return new Promise<M[K]['result']>((resolve, reject) => {
      const onAbort = (): void => {
        this.worker.postMessage({ kind: 'abort', id } satisfies RpcToWorker<M>);
        // Settle at once: the user pressed stop, the UI must not wait for the worker.
        this.settle(id)?.reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: resolve as (value: unknown) => void,
        reject,
        onEvent: onEvent as ((event: unknown) => void) | undefined,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      });
      const message = { kind: 'call', id, method, params } as RpcToWorker<M>;
      this.worker.postMessage(message);
    });
  }

  /** Rejects every pending call; later calls fail at once. */
  failAll(error: TandemError): void {
    this.crashed = error;
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(error);
  }

  terminate(): void {
    this.failAll(
      new TandemError('worker-crashed', `The ${this.workerName} was shut down.`, { retryable: true }),
    );
    this.worker.terminate?.();
  }

  private settle(id: number): Pending | undefined {
    const entry = this.pending.get(id);
    if (!entry) return undefined;
    this.pending.delete(id);
    entry.cleanup();
    return entry;
  }

  private onMessage(message: RpcFromWorker<M>): void {
    if (message.kind === 'ready') return;
    if (message.kind === 'event') {
      this.pending.get(message.id)?.onEvent?.(message.event);
      return;
    }
    if (message.kind === 'return') {
      this.settle(message.id)?.resolve(message.value);
      return;
    }
    if (message.kind === 'throw') {
      this.settle(message.id)?.reject(deserializeError(message.error));
    }
  }
}
