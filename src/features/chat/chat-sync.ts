/**
 * The chat in step with the other tabs of this profile: a notice from another tab (platform/tabs)
 * names what it stored, and the chat re-reads that from IndexedDB, the one source of truth. A
 * deletion of the conversation on screen leaves it (the draft kept), a rename or a new
 * conversation shows in the list, messages added in the other tab appear in the open one.
 * Before a question is stored the open conversation is re-read too, so the question follows the
 * other tab's turns and the model's history includes them.
 */
import type { Conversation } from '../../core/stored';
import type { TabNotice } from '../../platform/tabs/notices';
import type { ConversationTree } from './chat-tree.svelte';
import type { ChatDependencies, StreamingAnswer } from './chat-types';

/** Said when the conversation on screen was deleted in another tab. */
export const DELETED_ELSEWHERE = 'This conversation was deleted in another tab.';
const TEXT_KEPT = 'Your text is kept: send it to start a new chat.';

/** What the notice says when the open conversation was deleted elsewhere. */
export function deletedElsewhereNotice(refusedSend: boolean, hasDraft: boolean): string {
  const refused = refusedSend ? ' Your message was not saved into it.' : '';
  return `${DELETED_ELSEWHERE}${refused}${hasDraft ? ` ${TEXT_KEPT}` : ''}`;
}

/** The chat state the sync reads and changes. */
export interface SyncHost {
  readonly activeId: string | null;
  conversations: Conversation[];
  readonly tree: ConversationTree;
  readonly streaming: StreamingAnswer | null;
  readonly draft: string;
  /** Stops the answer streaming in the conversation, if any. */
  stopIn(conversationId: string): void;
  /** Leaves the conversation on screen (deleted elsewhere) for a new chat, keeping the draft. */
  leaveDeleted(notice: string): Promise<void>;
}

/** Runs `task` now, or once more after the run in progress (never two at once, none lost). */
class Coalesced {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly task: () => Promise<void>) {}

  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.task();
        } while (this.again);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }
}

export class ChatSync {
  /** Messages another tab named as changed, not yet re-read. */
  private readonly named = new Set<string>();
  private readonly list = new Coalesced(async () => {
    this.chat.conversations = await this.deps.conversations.list();
  });
  private readonly open = new Coalesced(() => this.readOpen());

  constructor(
    private readonly chat: SyncHost,
    private readonly deps: Pick<ChatDependencies, 'conversations' | 'onError' | 'onNotice' | 'storageClosed'>,
    /** Runs a change of the conversation on screen in the chat's switch lane. */
    private readonly lane: (task: () => Promise<void>) => Promise<void>,
  ) {}

  /** Applies another tab's notice; a failure is reported, never thrown. */
  async apply(notice: TabNotice): Promise<void> {
    try {
      if (notice.kind === 'data-replaced') return;
      const id = notice.conversationId;
      // Its answer streaming here stops at once (no tokens paid for an answer no one can keep).
      if (notice.kind === 'conversation-deleted') this.chat.stopIn(id);
      if (notice.kind === 'conversation-deleted' && id === this.chat.activeId) {
        await this.lane(async () => {
          if (this.chat.activeId !== id) return;
          await this.chat.leaveDeleted(deletedElsewhereNotice(false, this.chat.draft.trim() !== ''));
        });
      }
      if (notice.kind === 'message-changed') {
        this.named.add(notice.messageId);
        if (id === this.chat.activeId) await this.open.run();
      }
      await this.list.run();
    } catch (error) {
      this.deps.onError(error);
    }
  }

  /** Re-reads the open conversation and shows what another tab added or changed in it. */
  refresh(): Promise<void> {
    return this.open.run();
  }

  /**
   * True (and the notice shown) when this tab can no longer write (a newer tab upgraded the
   * database): nothing is tried, the text stays in the composer.
   */
  refuseClosed(): boolean {
    const closed = this.deps.storageClosed?.() ?? null;
    if (closed) this.deps.onNotice(closed);
    return closed !== null;
  }

  private async readOpen(): Promise<void> {
    const id = this.chat.activeId;
    if (!id) return;
    // Named from here on: read again after this read (Coalesced), never lost.
    const named = new Set(this.named);
    this.named.clear();
    const stored = await this.deps.conversations.messages(id);
    if (this.chat.activeId !== id) return;
    const known = new Set(this.chat.tree.all.map((m) => m.id));
    // This tab's own streaming answer is shown from memory; others' messages as stored.
    const streamingId = this.chat.streaming?.messageId;
    const changed = stored.filter((m) => m.id !== streamingId && (!known.has(m.id) || named.has(m.id)));
    if (changed.length > 0) this.chat.tree.upsert(changed);
  }
}
