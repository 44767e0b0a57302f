import { describe, expect, it } from 'vitest';
import { reportUnhandledStorageFull } from './storage-full';

function rejection(reason: unknown): Event {
  return Object.assign(new Event('unhandledrejection', { cancelable: true }), { reason });
}

describe('reportUnhandledStorageFull', () => {
  it('reports a storage-full rejection nobody handled, and leaves every other one alone', () => {
    const target = new EventTarget();
    const reported: unknown[] = [];
    const stop = reportUnhandledStorageFull((e) => void reported.push(e), target);
    const full = rejection(new DOMException('', 'QuotaExceededError'));
    target.dispatchEvent(full);
    const other = rejection(new Error('boom'));
    target.dispatchEvent(other);
    expect(reported).toHaveLength(1);
    expect(full.defaultPrevented).toBe(true);
    expect(other.defaultPrevented).toBe(false);
    stop();
    target.dispatchEvent(rejection(new DOMException('', 'QuotaExceededError')));
    expect(reported).toHaveLength(1);
  });
});
