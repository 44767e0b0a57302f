/**
 * One local engine across tabs, with the Web Locks API.
 *
 * The tab that runs a model holds the lock `tandem-local-engine` for as long as the model is
 * loaded. Another tab asks with `ifAvailable` first: if the lock is held it does not load a
 * second copy, and can take over with `steal: true`. The browser then rejects the first tab's
 * request with an AbortError: that tab must unload its model (`onLost`).
 *
 * Without Web Locks (old browsers) every tab may load; nothing is coordinated.
 */
export const ENGINE_LOCK_NAME = 'tandem-local-engine';

/** The part of `LockManager` used here (structural, so a fake can stand in). */
export interface LockManagerLike {
  request(
    name: string,
    options: { ifAvailable?: boolean; steal?: boolean; mode?: 'exclusive' | 'shared' },
    callback: (lock: unknown) => Promise<unknown> | unknown,
  ): Promise<unknown>;
}

export type AcquireResult = 'acquired' | 'held-elsewhere';

export class EngineLock {
  private releaseHeld: (() => void) | null = null;
  /** Bumped on every acquire, so a stale request's rejection does not count as a loss. */
  private generation = 0;

  constructor(
    private readonly locks: LockManagerLike | undefined,
    private readonly onLost: () => void,
    private readonly name = ENGINE_LOCK_NAME,
  ) {}

  get held(): boolean {
    return this.releaseHeld !== null;
  }

  /** Takes the lock if free (or by force with `steal`); keeps it until `release()` or stolen. */
  acquire(options: { steal?: boolean } = {}): Promise<AcquireResult> {
    if (!this.locks) return Promise.resolve('acquired');
    if (this.releaseHeld) return Promise.resolve('acquired');
    const generation = ++this.generation;
    return new Promise<AcquireResult>((resolve) => {
      const request = this.locks!.request(
        this.name,
        options.steal ? { steal: true } : { ifAvailable: true },
        (lock) => {
          if (!lock) {
            resolve('held-elsewhere');
            return undefined;
          }
          return new Promise<void>((release) => {
            this.releaseHeld = () => {
              this.releaseHeld = null;
              release();
            };
            resolve('acquired');
          });
        },
      );
      request.catch(() => {
        // Stolen by another tab (AbortError) while held.
        if (generation !== this.generation) return;
        const wasHeld = this.releaseHeld !== null;
        this.releaseHeld = null;
        if (wasHeld) this.onLost();
        else resolve('held-elsewhere');
      });
    });
  }

  release(): void {
    this.releaseHeld?.();
  }
}

/** `navigator.locks` when the browser has it. */
export function browserLocks(): LockManagerLike | undefined {
  const nav = globalThis.navigator as (Navigator & { locks?: LockManagerLike }) | undefined;
  return nav?.locks;
}
