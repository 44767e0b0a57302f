/**
 * One cancellable task at a time (anchor: immich's `CancellableTask`): the model loads (both
 * local backends) run through it instead of each keeping an AbortController by hand.
 *
 * `run(work)` aborts the task still running (its `run` resolves `replaced`) and starts `work`
 * with a fresh signal; `cancel()` aborts the running one (`cancelled`). The outcome is always a
 * value, never a throw, so a caller decides on the status only:
 * - `done`: the work finished and was neither cancelled nor replaced meanwhile;
 * - `replaced`: a newer `run` took over (it owns the state now: do nothing);
 * - `cancelled`: `cancel()` was called (or the work saw its signal aborted);
 * - `failed`: the work threw on its own.
 * A value the work produced after it was cancelled or replaced goes to `discard` (e.g. dispose an
 * engine nobody will use).
 */

export type TaskOutcome<T> =
  | { status: 'done'; value: T }
  | { status: 'replaced' }
  | { status: 'cancelled' }
  | { status: 'failed'; error: unknown };

export interface RunOptions<T> {
  /** Receives a value that came too late (after cancel or replace). */
  discard?: (value: T) => void | Promise<void>;
}

export class CancellableTask {
  #controller: AbortController | null = null;

  /** Whether a task is running now. */
  get running(): boolean {
    return this.#controller !== null;
  }

  async run<T>(
    work: (signal: AbortSignal) => Promise<T>,
    options: RunOptions<T> = {},
  ): Promise<TaskOutcome<T>> {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    const superseded = (): TaskOutcome<T> | null => {
      if (this.#controller !== controller) return { status: 'replaced' };
      if (controller.signal.aborted) return { status: 'cancelled' };
      return null;
    };
    try {
      const value = await work(controller.signal);
      const late = superseded();
      if (late) {
        await options.discard?.(value);
        return late;
      }
      return { status: 'done', value };
    } catch (error) {
      return superseded() ?? { status: 'failed', error };
    } finally {
      if (this.#controller === controller) this.#controller = null;
    }
  }

  /** Aborts the running task, if any (its `run` resolves `cancelled`). */
  cancel(): void {
    this.#controller?.abort();
  }
}
