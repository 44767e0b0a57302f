/**
 * Tasks that must not overlap per key (one conversation, one answer's record, the open
 * conversation): each starts once the one before it for the same key has settled, whether that
 * one succeeded or failed. Different keys do not wait for each other.
 */
export class InOrder {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `task` after the tasks already queued for `key`; resolves or rejects as `task` does. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(key) ?? Promise.resolve()).then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Settles when everything queued for `key` so far has settled (at once when nothing is). */
  idle(key: string): Promise<void> {
    return this.tails.get(key) ?? Promise.resolve();
  }

  /** Whether tasks for `key` are queued or running. */
  busy(key: string): boolean {
    return this.tails.has(key);
  }
}
