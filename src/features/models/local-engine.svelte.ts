/**
 * One local model engine per browser, across tabs (see `models/engine-lock.ts`).
 *
 * The transformers.js and WebLLM states ask here before they load. When another tab holds the
 * engine, `elsewhere` is set and nothing loads; `takeOver()` steals the lock. When another tab
 * steals it from this one, every registered owner unloads and `lostAt` is set so the page can
 * say what happened.
 */
import { EngineLock, browserLocks, type AcquireResult, type LockManagerLike } from './engine-lock';

export class LocalEngineState {
  /** Another tab runs the model; this tab did not load one. */
  elsewhere = $state(false);
  /** This tab's model was taken over by another tab (ms timestamp). */
  lostAt = $state<number | null>(null);
  private readonly lock: EngineLock;
  private readonly owners = new Set<() => void>();

  constructor(locks: LockManagerLike | undefined = browserLocks()) {
    this.lock = new EngineLock(locks, () => {
      this.lostAt = Date.now();
      for (const unload of this.owners) unload();
    });
  }

  /** `unload` runs when another tab takes the engine over. */
  register(unload: () => void): void {
    this.owners.add(unload);
  }

  get held(): boolean {
    return this.lock.held;
  }

  async acquire(options: { steal?: boolean } = {}): Promise<AcquireResult> {
    const result = await this.lock.acquire(options);
    this.elsewhere = result === 'held-elsewhere';
    if (result === 'acquired') this.lostAt = null;
    return result;
  }

  /**
   * Before a load: true when this tab holds the engine (already, or now); false when another tab
   * runs it (`steal` takes it over instead).
   */
  async claim(steal: boolean): Promise<boolean> {
    if (this.held) return true;
    return (await this.acquire({ steal })) !== 'held-elsewhere';
  }

  release(): void {
    this.lock.release();
  }
}
