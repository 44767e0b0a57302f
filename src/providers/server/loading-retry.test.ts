import { describe, expect, it } from 'vitest';
import { TandemError } from '../../core/errors';
import { LOADING_MAX_DELAY_MS, loadingDelayMs, pause } from './loading-retry';

const loading = (details?: Record<string, number>) =>
  new TandemError('model-loading', 'loading', details ? { details } : {});

describe('waits while the server loads its model', () => {
  it('honours Retry-After, else doubles from the base, never past the cap', () => {
    expect(loadingDelayMs(loading({ retryAfterSeconds: 2 }), 1)).toBe(2000);
    expect(loadingDelayMs(loading(), 1, 500)).toBe(500);
    expect(loadingDelayMs(loading(), 3, 500)).toBe(2000);
    expect(loadingDelayMs(loading({ retryAfterSeconds: 600 }), 1)).toBe(LOADING_MAX_DELAY_MS);
  });

  it('a pause ends at once when stopped', async () => {
    const controller = new AbortController();
    const waiting = pause(60_000, controller.signal);
    controller.abort();
    await expect(waiting).resolves.toBeUndefined();
  });
});
