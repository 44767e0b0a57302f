import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StoredMessage } from '../../core/stored';
import { StreamPersister } from './answer-persist';

const at = (content: string): StoredMessage => ({
  id: 'm1',
  conversationId: 'c1',
  role: 'assistant',
  content,
  createdAt: 1,
  status: 'streaming',
});

describe('StreamPersister', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes the first text at once, then what a stalled stream showed within the interval', async () => {
    const written: string[] = [];
    const persister = new StreamPersister(
      async (m) => void written.push(m.content),
      250,
      () => undefined,
    );
    persister.update(at('Hel'));
    expect(written).toEqual(['Hel']);
    persister.update(at('Hello'));
    persister.update(at('Hello wor'));
    // The stream stalls here: no more deltas, but the text on screen is stored anyway.
    expect(written).toEqual(['Hel']);
    await vi.advanceTimersByTimeAsync(250);
    expect(written).toEqual(['Hel', 'Hello wor']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(written).toEqual(['Hel', 'Hello wor']);
    persister.stop();
  });

  it('flush writes at once; after stop nothing more is written', async () => {
    const written: string[] = [];
    const persister = new StreamPersister(
      async (m) => void written.push(m.content),
      250,
      () => undefined,
    );
    persister.update(at('a'));
    persister.update(at('ab'));
    persister.flush();
    expect(written).toEqual(['a', 'ab']);
    persister.update(at('abc'));
    persister.stop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(written).toEqual(['a', 'ab']);
  });

  it('a failed write goes to onFailure', async () => {
    const failures: unknown[] = [];
    const persister = new StreamPersister(
      () => Promise.reject(new Error('full')),
      250,
      (e) => void failures.push(e),
    );
    persister.update(at('a'));
    await vi.advanceTimersByTimeAsync(0);
    expect(failures).toHaveLength(1);
    persister.stop();
  });
});
