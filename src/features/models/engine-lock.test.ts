import { describe, expect, it, vi } from 'vitest';
import { EngineLock, type LockManagerLike } from './engine-lock';

/** A minimal in-memory LockManager with exclusive locks, `ifAvailable` and `steal`. */
class FakeLocks implements LockManagerLike {
  private holder: { reject: (e: unknown) => void; done: Promise<unknown> } | null = null;

  request(
    _name: string,
    options: { ifAvailable?: boolean; steal?: boolean },
    callback: (lock: unknown) => Promise<unknown> | unknown,
  ): Promise<unknown> {
    if (this.holder && options.ifAvailable) return Promise.resolve(callback(null));
    if (this.holder && options.steal) {
      const old = this.holder;
      this.holder = null;
      old.reject(new DOMException('stolen', 'AbortError'));
    }
    if (this.holder) throw new Error('queueing is not modelled by this fake');
    return new Promise((resolve, reject) => {
      const done = Promise.resolve(callback({ name: 'lock' }));
      const holder = { reject, done };
      this.holder = holder;
      done.then(
        (v) => {
          if (this.holder === holder) this.holder = null;
          resolve(v);
        },
        (e) => reject(e),
      );
    });
  }
}

describe('engine lock across tabs', () => {
  it('lets the first tab take the lock and tells the second one it is held elsewhere', async () => {
    const locks = new FakeLocks();
    const a = new EngineLock(locks, vi.fn());
    const b = new EngineLock(locks, vi.fn());
    expect(await a.acquire()).toBe('acquired');
    expect(a.held).toBe(true);
    expect(await b.acquire()).toBe('held-elsewhere');
    expect(b.held).toBe(false);
  });

  it('lets a tab take over with steal; the first tab is told it lost the engine', async () => {
    const locks = new FakeLocks();
    const lostA = vi.fn();
    const a = new EngineLock(locks, lostA);
    const b = new EngineLock(locks, vi.fn());
    await a.acquire();
    expect(await b.acquire({ steal: true })).toBe('acquired');
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(lostA).toHaveBeenCalledTimes(1);
    expect(a.held).toBe(false);
    expect(b.held).toBe(true);
  });

  it('frees the lock on release so another tab can take it, without reporting a loss', async () => {
    const locks = new FakeLocks();
    const lostA = vi.fn();
    const a = new EngineLock(locks, lostA);
    const b = new EngineLock(locks, vi.fn());
    await a.acquire();
    a.release();
    await new Promise((r) => setTimeout(r, 0));
    expect(await b.acquire()).toBe('acquired');
    expect(lostA).not.toHaveBeenCalled();
  });

  it('always acquires when the browser has no Web Locks', async () => {
    const lock = new EngineLock(undefined, vi.fn());
    expect(await lock.acquire()).toBe('acquired');
  });
});
