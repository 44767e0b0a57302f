/**
 * Download speed and time left, from (time, bytes) samples. Pure.
 *
 * Speed is measured over a sliding window (default 3 s) so a stall shows as slowing down
 * rather than being averaged away by the start of the download. Bytes that came from the
 * cache are not a download: callers pass only bytes that crossed the network.
 */
export interface DownloadSample {
  /** ms (any monotonic clock). */
  at: number;
  /** Bytes received so far in this download. */
  loadedBytes: number;
}

export interface DownloadStats {
  loadedBytes: number;
  totalBytes: number | null;
  /** 0..100; null when the total is unknown. */
  percent: number | null;
  /** Bytes per second over the window; null until two samples span some time. */
  bytesPerSecond: number | null;
  /** Seconds left at the current speed; null when unknown (no total or no speed). */
  secondsLeft: number | null;
}

export class DownloadMeter {
  private samples: DownloadSample[] = [];

  constructor(private readonly windowMs = 3000) {}

  reset(): void {
    this.samples = [];
  }

  add(sample: DownloadSample): void {
    const last = this.samples.at(-1);
    if (last && sample.at <= last.at) {
      // Same instant: keep the newest byte count.
      this.samples[this.samples.length - 1] = { at: last.at, loadedBytes: sample.loadedBytes };
      return;
    }
    this.samples.push(sample);
    // Keep one sample older than the window so the window is always fully covered.
    while (this.samples.length > 2 && sample.at - this.samples[1]!.at >= this.windowMs) {
      this.samples.shift();
    }
  }

  stats(totalBytes: number | null): DownloadStats {
    return computeStats(this.samples, totalBytes);
  }
}

export function computeStats(samples: readonly DownloadSample[], totalBytes: number | null): DownloadStats {
  const last = samples.at(-1);
  const loadedBytes = last?.loadedBytes ?? 0;
  const total = totalBytes !== null && totalBytes > 0 ? totalBytes : null;
  const percent = total === null ? null : Math.min(100, (100 * loadedBytes) / total);
  let bytesPerSecond: number | null = null;
  const first = samples[0];
  if (first && last && last.at > first.at) {
    bytesPerSecond = Math.max(0, ((last.loadedBytes - first.loadedBytes) * 1000) / (last.at - first.at));
  }
  let secondsLeft: number | null = null;
  if (total !== null) {
    const remaining = Math.max(0, total - loadedBytes);
    if (remaining === 0) secondsLeft = 0;
    else if (bytesPerSecond !== null && bytesPerSecond > 0) secondsLeft = remaining / bytesPerSecond;
  }
  return { loadedBytes, totalBytes: total, percent, bytesPerSecond, secondsLeft };
}

/** "4 s", "2 min 5 s", "1 h 3 min"; "…" when unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '…';
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
