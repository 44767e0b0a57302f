/**
 * Coalesces many updates into one per animation frame: a model can stream hundreds of tokens a
 * second, the screen shows at most one frame's worth. The latest value wins. Without
 * `requestAnimationFrame` (tests, workers) a zero-delay timer stands in; a hidden tab, where
 * frames stop, still gets the value within `maxWaitMs`.
 */
export interface FrameSink<T> {
  set(value: T): void;
  /** Drops a pending value (the caller shows the final state itself). */
  cancel(): void;
}

export function oncePerFrame<T>(apply: (value: T) => void, maxWaitMs = 250): FrameSink<T> {
  let pending: { value: T } | null = null;
  let frame: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const raf = typeof requestAnimationFrame === 'function' ? requestAnimationFrame : null;

  function clear(): void {
    if (frame !== null && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(frame);
    if (timer !== null) clearTimeout(timer);
    frame = null;
    timer = null;
  }
  function flush(): void {
    clear();
    const next = pending;
    pending = null;
    if (next) apply(next.value);
  }
  return {
    set(value) {
      pending = { value };
      if (frame !== null || timer !== null) return;
      if (raf) frame = raf(flush);
      timer = setTimeout(flush, raf ? maxWaitMs : 0);
    },
    cancel() {
      clear();
      pending = null;
    },
  };
}
