/**
 * Unsaved feedback (a comment or a correction typed in the form), kept like the composer's draft:
 * written shortly after each change, read back at start, removed once the feedback is saved. A
 * write the full disk refuses leaves the text in the form and is said once.
 */
import { isStorageFull, storageFullError } from '../../core/errors';
import type { FeedbackDraft, FeedbackDrafts } from '../../core/feedback';
import type { KeyValueRepository } from '../../platform/db/kv';
import { KV } from '../../platform/db/kv-keys';

const KEPT = 'Your feedback stays in the form but will not survive a reload.';

export class FeedbackDraftStore {
  all = $state.raw<FeedbackDrafts>({});
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** A write was refused for a full disk: said once, until a write succeeds again. */
  private refused = false;

  constructor(
    private readonly kv: KeyValueRepository,
    private readonly onError: (error: unknown) => void,
    private readonly delayMs = 250,
  ) {}

  async load(): Promise<void> {
    this.all = (await this.kv.get(KV.feedbackDrafts)) ?? {};
  }

  of(answerId: string): FeedbackDraft | undefined {
    return this.all[answerId];
  }

  /** The form's text now; an empty form is no draft. Stored a moment later. */
  set(answerId: string, draft: FeedbackDraft): void {
    const { [answerId]: _old, ...rest } = this.all;
    this.all = draft.comment || draft.correction ? { ...rest, [answerId]: { ...draft } } : rest;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.delayMs);
  }

  /** The feedback was saved: its draft goes. */
  async clear(answerId: string): Promise<void> {
    if (!(answerId in this.all)) return;
    const { [answerId]: _saved, ...rest } = this.all;
    this.all = rest;
    await this.flush();
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    try {
      if (Object.keys(this.all).length === 0) await this.kv.delete(KV.feedbackDrafts);
      else await this.kv.set(KV.feedbackDrafts, { ...this.all });
      this.refused = false;
    } catch (error) {
      if (!isStorageFull(error)) this.onError(error);
      else if (!this.refused) this.onError(storageFullError(error, KEPT));
      this.refused ||= isStorageFull(error);
    }
  }
}
