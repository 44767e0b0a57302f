import { describe, expect, it } from 'vitest';
import { InOrder } from './in-order';

const later = <T>(value: T, ms: number): Promise<T> => new Promise((r) => setTimeout(() => r(value), ms));

describe('InOrder', () => {
  it('runs the tasks of one key one after another, in the order given, even when the first is slowest', async () => {
    const order = new InOrder();
    const seen: string[] = [];
    await Promise.all([
      order.run('a', async () => seen.push(await later('first', 20))),
      order.run('a', async () => seen.push(await later('second', 1))),
      order.run('a', async () => seen.push('third')),
    ]);
    expect(seen).toEqual(['first', 'second', 'third']);
  });

  it('a failed task rejects its own caller only; the next task still runs', async () => {
    const order = new InOrder();
    const failed = order.run('a', () => Promise.reject(new Error('disk full')));
    const next = order.run('a', async () => 'ran');
    await expect(failed).rejects.toThrow('disk full');
    await expect(next).resolves.toBe('ran');
  });

  it('different keys do not wait for each other', async () => {
    const order = new InOrder();
    const seen: string[] = [];
    await Promise.all([
      order.run('slow', async () => seen.push(await later('slow', 20))),
      order.run('quick', async () => seen.push('quick')),
    ]);
    expect(seen).toEqual(['quick', 'slow']);
  });

  it('idle waits for what is queued, and the key is forgotten once it is done', async () => {
    const order = new InOrder();
    let done = false;
    void order.run('a', async () => {
      await later(null, 10);
      done = true;
    });
    expect(order.busy('a')).toBe(true);
    await order.idle('a');
    expect(done).toBe(true);
    await Promise.resolve();
    expect(order.busy('a')).toBe(false);
  });
});
