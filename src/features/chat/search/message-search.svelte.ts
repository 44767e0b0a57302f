/**
 * The conversation list's search inside messages: runs in the search worker a moment after the
 * user stops typing (two characters at least); a newer query wins over a slower older one.
 */
import type { MessageHit } from './match';
import type { MessageSearchClient } from './client';

export const MIN_QUERY = 2;
const DEBOUNCE_MS = 200;

export class MessageSearch {
  hits = $state.raw<MessageHit[]>([]);
  status = $state<'idle' | 'searching' | 'done' | 'error'>('idle');
  /** The query the hits belong to. */
  query = $state('');
  private run = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly worker: Pick<MessageSearchClient, 'search'>) {}

  /** Called on every keystroke; searches once typing pauses. */
  set(query: string): void {
    const run = ++this.run;
    if (this.timer) clearTimeout(this.timer);
    if (query.trim().length < MIN_QUERY) {
      this.hits = [];
      this.status = 'idle';
      this.query = '';
      return;
    }
    this.status = 'searching';
    this.timer = setTimeout(() => void this.search(query, run), DEBOUNCE_MS);
  }

  private async search(query: string, run: number): Promise<void> {
    try {
      const { hits } = await this.worker.search({ query, limit: 20 });
      if (run !== this.run) return;
      this.hits = hits;
      this.query = query;
      this.status = 'done';
    } catch {
      if (run === this.run) this.status = 'error';
    }
  }
}
