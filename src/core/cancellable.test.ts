import { describe, expect, it } from 'vitest';
import { CancellableTask } from './cancellable';

/** Work that waits until released, or rejects when its signal aborts (like a real load). */
function gate<T>(value: T) {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const work = (signal: AbortSignal) =>
    new Promise<T>((resolve, reject) => {
      signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      void released.then(() => resolve(value));
    });
  return { work, release };
}

describe('CancellableTask', () => {
  it('reports done with the value, and is not running afterwards', async () => {
    const task = new CancellableTask();
    const g = gate(42);
    const run = task.run(g.work);
    expect(task.running).toBe(true);
    g.release();
    expect(await run).toEqual({ status: 'done', value: 42 });
    expect(task.running).toBe(false);
  });

  it('a new run replaces the running one, which resolves replaced (not failed)', async () => {
    const task = new CancellableTask();
    const first = gate('a');
    const second = gate('b');
    const one = task.run(first.work);
    const two = task.run(second.work);
    expect(await one).toEqual({ status: 'replaced' });
    expect(task.running).toBe(true);
    second.release();
    expect(await two).toEqual({ status: 'done', value: 'b' });
  });

  it('cancel aborts the signal and resolves cancelled', async () => {
    const task = new CancellableTask();
    let seen: AbortSignal | null = null;
    const g = gate(1);
    const run = task.run((signal) => {
      seen = signal;
      return g.work(signal);
    });
    task.cancel();
    expect(await run).toEqual({ status: 'cancelled' });
    expect(seen!.aborted).toBe(true);
    expect(task.running).toBe(false);
  });

  it('a failure of its own is failed, with the error', async () => {
    const task = new CancellableTask();
    const boom = new Error('boom');
    expect(await task.run(() => Promise.reject(boom))).toEqual({ status: 'failed', error: boom });
  });

  it('hands a value that came after cancel to discard instead of reporting done', async () => {
    const task = new CancellableTask();
    const discarded: string[] = [];
    let finish!: (v: string) => void;
    const run = task.run(() => new Promise<string>((r) => (finish = r)), {
      discard: (v) => void discarded.push(v),
    });
    task.cancel(); // this work ignores its signal
    finish('engine');
    expect(await run).toEqual({ status: 'cancelled' });
    expect(discarded).toEqual(['engine']);
  });

  it('cancel with nothing running does nothing', () => {
    const task = new CancellableTask();
    expect(() => task.cancel()).not.toThrow();
    expect(task.running).toBe(false);
  });
});
