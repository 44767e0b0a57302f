/**
 * The composer's draft: one per conversation (and one for "new"), written 250 ms after typing
 * stops and on every switch. A full disk is said once (the text stays on screen); a database a
 * newer tab upgraded is left alone (the banner says reload).
 */
import type { KeyValueRepository } from '../../platform/db/kv';
import type { KvKey } from '../../platform/db/kv-keys';
import { isStorageFull, storageFullError } from '../../core/errors';

const DRAFT_KEPT = 'Your draft stays on screen but will not survive a reload.';

export class Draft {
  text = $state('');
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** The key the text belongs to; null until a conversation (or "new") is open. */
  private key: KvKey<string> | null = null;
  /** Counts the user's edits (so a draft loading late never replaces new typing). */
  edits = 0;
  /** A write was refused for a full disk: said once, until a write succeeds again. */
  private refused = false;

  constructor(
    private readonly deps: {
      kv: Pick<KeyValueRepository, 'get' | 'set' | 'delete'>;
      onError: (error: unknown) => void;
      /** Non-null once a newer tab upgraded the database. */
      storageClosed?: () => unknown;
    },
  ) {}

  /** Typing. */
  set(text: string): void {
    this.edits++;
    this.text = text;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), 250);
  }

  /** From now on the text belongs to `key` (not loaded: see `load`). */
  moveTo(key: KvKey<string>): void {
    this.key = key;
  }

  /** Shows the stored draft of the current key, unless the user typed since `edits`. */
  async load(edits: number): Promise<void> {
    if (!this.key) return;
    const stored = (await this.deps.kv.get(this.key)) ?? '';
    if (this.edits === edits) this.text = stored;
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const key = this.key;
    if (!key || this.deps.storageClosed?.()) return;
    try {
      if (this.text) await this.deps.kv.set(key, this.text);
      else await this.deps.kv.delete(key);
      this.refused = false;
    } catch (error) {
      if (!isStorageFull(error)) throw error;
      if (!this.refused) this.deps.onError(storageFullError(error, DRAFT_KEPT));
      this.refused = true;
    }
  }
}
