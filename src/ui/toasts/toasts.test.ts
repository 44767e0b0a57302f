import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ToastState } from './toasts.svelte';

describe('ToastState', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('dismisses a toast after its timeout', () => {
    const toasts = new ToastState();
    toasts.show('info', 'Saved', undefined, 1000);
    vi.advanceTimersByTime(999);
    expect(toasts.items).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(toasts.items).toHaveLength(0);
  });

  it('keeps a held toast however long, and gives it its full time again once released', () => {
    const toasts = new ToastState();
    const id = toasts.show('info', 'Deleted', { label: 'Undo', run: () => {} }, 1000);
    vi.advanceTimersByTime(900);
    toasts.hold(id);
    vi.advanceTimersByTime(60_000);
    expect(toasts.items.map((t) => t.id)).toEqual([id]);
    toasts.release(id);
    vi.advanceTimersByTime(999);
    expect(toasts.items).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(toasts.items).toHaveLength(0);
  });

  it('keeps a toast without timeout until dismissed', () => {
    const toasts = new ToastState();
    const id = toasts.show('error', 'Broken', undefined, 0);
    toasts.release(id);
    vi.advanceTimersByTime(60_000);
    expect(toasts.items).toHaveLength(1);
    toasts.dismiss(id);
    expect(toasts.items).toHaveLength(0);
  });

  it('leaving the page clears its toasts, even those without a timeout, but not the one the user is on', () => {
    const toasts = new ToastState();
    toasts.show('info', 'Saved');
    toasts.show('error', 'Broken', undefined, 0);
    const held = toasts.show('info', 'Deleted', { label: 'Undo', run: () => {} });
    toasts.hold(held);
    toasts.leavePage();
    expect(toasts.items.map((t) => t.id)).toEqual([held]);
  });
});
