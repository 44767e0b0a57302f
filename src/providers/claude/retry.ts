/**
 * When to try a Claude request again: exponential backoff with jitter, and the server's own
 * `retry-after-ms` / `retry-after` (seconds or an HTTP date) when it sends one. Pure but for the
 * default sleep and online check, which the provider lets tests replace.
 */

/** Backoff before attempt `attempt + 1`: base * 2^attempt plus up to 25% jitter, capped. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const base = baseMs * 2 ** attempt;
  const jitter = base * 0.25 * random();
  return Math.min(maxMs, Math.round(base + jitter));
}

/**
 * ms to wait before the next attempt: what the server asks for, else `backoff`; null when the
 * server asks for longer than `maxMs` (then the error is shown instead of waiting).
 */
export function retryDelayMs(
  headers: Pick<Headers, 'get'>,
  backoff: number,
  maxMs: number,
  nowMs = Date.now(),
): number | null {
  const ms = headers.get('retry-after-ms');
  const seconds = headers.get('retry-after');
  let wanted: number | null = null;
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) wanted = Number(ms);
  else if (seconds) {
    const s = seconds.trim();
    if (/^\d+(\.\d+)?$/.test(s)) wanted = Number(s) * 1000;
    else if (!Number.isNaN(Date.parse(s))) wanted = Math.max(0, Date.parse(s) - nowMs);
  }
  if (wanted === null) return backoff;
  return wanted > maxMs ? null : wanted;
}

export const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export const defaultIsOnline = (): boolean =>
  typeof navigator === 'undefined' || (navigator as { onLine?: boolean }).onLine !== false;
