import { afterEach, describe, expect, it, vi } from 'vitest';
import { oncePerFrame } from './once-per-frame';

describe('oncePerFrame', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('applies only the latest value of a frame, once', () => {
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => frames.push(cb));
    vi.stubGlobal('cancelAnimationFrame', () => undefined);
    const seen: string[] = [];
    const sink = oncePerFrame((v: string) => seen.push(v));
    sink.set('a');
    sink.set('ab');
    sink.set('abc');
    expect(seen).toEqual([]);
    expect(frames).toHaveLength(1);
    frames[0]!(0);
    expect(seen).toEqual(['abc']);
    sink.set('abcd');
    expect(frames).toHaveLength(2);
    frames[1]!(16);
    expect(seen).toEqual(['abc', 'abcd']);
  });

  it('still delivers when frames stop (hidden tab), and cancel drops a pending value', () => {
    vi.useFakeTimers();
    vi.stubGlobal('requestAnimationFrame', () => 1);
    vi.stubGlobal('cancelAnimationFrame', () => undefined);
    const seen: number[] = [];
    const sink = oncePerFrame((v: number) => seen.push(v), 100);
    sink.set(1);
    vi.advanceTimersByTime(100);
    expect(seen).toEqual([1]);
    sink.set(2);
    sink.cancel();
    vi.advanceTimersByTime(500);
    expect(seen).toEqual([1]);
  });

  it('falls back to a timer without requestAnimationFrame', () => {
    vi.useFakeTimers();
    vi.stubGlobal('requestAnimationFrame', undefined);
    const seen: number[] = [];
    const sink = oncePerFrame((v: number) => seen.push(v));
    sink.set(1);
    sink.set(2);
    vi.advanceTimersByTime(0);
    expect(seen).toEqual([2]);
  });
});
