/**
 * Keeps a streaming answer's stored text close to what is on screen: the first change is written
 * at once, later ones at most `everyMs` later (a trailing timer, so a stream that stalls after a
 * few tokens is still stored), and at once when the page is hidden or closed (`pagehide`,
 * `visibilitychange`), the last moments a browser gives a page before it may be killed.
 */
import type { StoredMessage } from '../../core/stored';

export class StreamPersister {
  private latest: StoredMessage | null = null;
  private dirty = false;
  private written = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly onHide = (): void => this.flush();
  private readonly onVisibility = (): void => {
    if (typeof document !== 'undefined' && document.visibilityState === 'hidden') this.flush();
  };

  constructor(
    private readonly write: (message: StoredMessage) => Promise<void>,
    private readonly everyMs: number,
    private readonly onFailure: (error: unknown) => void,
  ) {
    if (typeof window !== 'undefined') window.addEventListener('pagehide', this.onHide);
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', this.onVisibility);
  }

  /** The answer as it stands now; it is written at once the first time, then on the timer. */
  update(message: StoredMessage): void {
    this.latest = message;
    this.dirty = true;
    if (!this.written) {
      this.flush();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.everyMs);
  }

  /** Writes the latest text now, if it changed since the last write. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.dirty || !this.latest) return;
    this.dirty = false;
    this.written = true;
    this.write(this.latest).catch(this.onFailure);
  }

  /** Stops writing (the final answer is stored by the caller, after this). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.dirty = false;
    if (typeof window !== 'undefined') window.removeEventListener('pagehide', this.onHide);
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', this.onVisibility);
  }
}
