/**
 * Conversations, messages, the draft and the answer being streamed. Persists everything to
 * IndexedDB as it happens, so a reload, a crash or a failed model never loses the user's text.
 * The answer loop is `AnswerLoop` (chat-answer.ts); pure helpers are in chat-history.ts.
 */
import { filterByTitle } from '../../platform/db/conversations';
import { ConversationTree } from './chat-tree.svelte';
import type { Conversation, StoredMessage } from '../../core/stored';
import type { ImplicitSignal } from '../../core/feedback';
import type { ChatMessage, GenerationSettings } from '../../core/provider';
import { cleanName } from '../../core/names';
import { InOrder } from '../../core/util/in-order';
import { KV, type KvKey } from '../../platform/db/kv-keys';
import { AnswerLoop, isConversationMissing } from './chat-answer';
import { isStorageFull, storageFullError } from '../../core/errors';
import type { ChatDependencies, StreamingAnswer } from './chat-types';
import { canContinue, historyForModel, promptBefore, questionMessage, titleFrom } from './chat-history';
import { joinSystemPrompt, mergeGenerationSettings } from '../../core/conversation-settings';

/** What a full disk leaves on screen, for its notice. */
const SEND_KEPT = 'Your message was not sent and is still in the message box.';
const DRAFT_KEPT = 'Your draft stays on screen but will not survive a reload.';

/** The one lane conversation switches queue on. */
const SWITCH = 'switch';

export class ChatState {
  conversations = $state.raw<Conversation[]>([]);
  activeId = $state<string | null>(null);
  /** Every branch of the open conversation and the one on screen (see ./tree). */
  readonly tree = new ConversationTree((branches) => this.saveBranches(branches));
  query = $state('');
  draft = $state('');
  streaming = $state<StreamingAnswer | null>(null);

  private readonly answers: AnswerLoop;
  private draftTimer: ReturnType<typeof setTimeout> | null = null;
  /** The key the current draft belongs to; null until a conversation (or "new") is open. */
  private draftKey: KvKey<string> | null = null;
  /** Counts the user's edits of the draft (so a draft loading late never replaces new typing). */
  private draftEdits = 0;
  /** A draft write was refused for a full disk: said once, until a write succeeds again. */
  private draftRefused = false;
  /**
   * The conversation switch under way (open, New chat). A message sent meanwhile waits for it, so
   * it goes to the conversation on screen and is answered there, never to the one being left.
   */
  private readonly switches = new InOrder();
  /** Branch choices (`tree.switchBranch`, new messages) are stored in the order made. */
  private readonly branchWrites = new InOrder();

  constructor(private readonly deps: ChatDependencies) {
    this.answers = new AnswerLoop(this, deps);
  }

  /**
   * The messages on screen (the visible branch): the model's history, health, routing and the
   * context meter read this. Assigning stores into the tree; a new message is shown.
   */
  get messages(): StoredMessage[] {
    return this.tree.visible;
  }

  set messages(next: StoredMessage[]) {
    this.tree.upsert(next);
  }

  /** Stores the branch choice with the conversation, in the order choices were made. */
  private saveBranches(branches: Record<string, string>): void {
    const id = this.activeId;
    if (!id) return;
    const updatedAt = this.conversations.find((c) => c.id === id)?.updatedAt;
    const save = (): Promise<unknown> =>
      this.deps.conversations.update(id, { branches: { ...branches }, updatedAt });
    void this.branchWrites.run(id, save).catch((error: unknown) => this.deps.onError(error));
  }

  get filtered(): Conversation[] {
    return filterByTitle(this.conversations, this.query);
  }

  get active(): Conversation | undefined {
    return this.conversations.find((c) => c.id === this.activeId);
  }

  get isStreaming(): boolean {
    return this.streaming !== null;
  }

  async init(): Promise<void> {
    this.conversations = await this.deps.conversations.list();
    const last = await this.deps.kv.get(KV.activeConversation);
    const start = this.conversations.find((c) => c.id === last) ?? this.conversations[0];
    await this.open(start?.id ?? null);
  }

  /** Opens a conversation (null: a new one); switches run one after another, in order. */
  open(id: string | null): Promise<void> {
    // Typing from this moment on wins over the draft stored for `id`.
    const edits = this.draftEdits;
    return this.switches.run(SWITCH, () => this.switchTo(id, edits));
  }

  private async switchTo(id: string | null, edits: number): Promise<void> {
    await this.flushDraft();
    this.activeId = id;
    this.draftKey = KV.draft(id);
    const [all, conversation] = id
      ? await Promise.all([this.deps.conversations.messages(id), this.deps.conversations.get(id)])
      : [[], undefined];
    this.tree.load(all, conversation?.branches);
    const stored = (await this.deps.kv.get(this.draftKey)) ?? '';
    // Text typed while the conversation was opening wins over the stored draft: never wipe it.
    if (this.draftEdits === edits) this.draft = stored;
    await this.deps.kv.set(KV.activeConversation, id);
  }

  async newConversation(): Promise<void> {
    await this.open(null);
  }

  setDraft(text: string): void {
    this.draftEdits++;
    this.draft = text;
    if (this.draftTimer) clearTimeout(this.draftTimer);
    this.draftTimer = setTimeout(() => void this.flushDraft(), 250);
  }

  async flushDraft(): Promise<void> {
    if (this.draftTimer) clearTimeout(this.draftTimer);
    this.draftTimer = null;
    const key = this.draftKey;
    if (!key) return;
    try {
      if (this.draft) await this.deps.kv.set(key, this.draft);
      else await this.deps.kv.delete(key);
      this.draftRefused = false;
    } catch (error) {
      // The text stays in the composer; a full disk is said once, not on every keystroke.
      if (!isStorageFull(error)) throw error;
      if (!this.draftRefused) this.deps.onError(storageFullError(error, DRAFT_KEPT));
      this.draftRefused = true;
    }
  }

  async rename(id: string, title: string): Promise<void> {
    const trimmed = cleanName(title).trim();
    if (!trimmed) return;
    await this.deps.conversations.update(id, { title: trimmed });
    this.conversations = await this.deps.conversations.list();
  }

  async remove(id: string): Promise<void> {
    // Its answer stops at once (no more tokens paid for, no write into the deleted conversation).
    this.answers.stopIn(id);
    const deleted = await this.deps.conversations.delete(id);
    // An answer that was streaming comes back from Undo as interrupted, never as a zombie.
    const snapshot = deleted && {
      ...deleted,
      messages: deleted.messages.map((m): StoredMessage =>
        m.status === 'streaming' ? { ...m, status: 'interrupted' } : m,
      ),
    };
    this.conversations = await this.deps.conversations.list();
    if (this.activeId === id) await this.open(this.conversations[0]?.id ?? null);
    if (snapshot) this.deps.onRemoved?.(snapshot.conversation);
    if (snapshot) {
      this.deps.onNotice(`Deleted "${snapshot.conversation.title}".`, {
        label: 'Undo',
        run: () => this.undoRemove(snapshot),
        // The delete button is gone: Undo is where a keyboard user's focus belongs now.
        focus: true,
      });
    }
  }

  private async undoRemove(snapshot: {
    conversation: Conversation;
    messages: StoredMessage[];
  }): Promise<void> {
    await this.deps.conversations.restore(snapshot);
    this.conversations = await this.deps.conversations.list();
    await this.open(snapshot.conversation.id);
  }

  /** Sends the draft. The draft is cleared only once the user's message is safely stored. */
  async send(text = this.draft): Promise<void> {
    const content = text.trim();
    if (!content || this.isStreaming) return;
    await this.switches.idle(SWITCH);
    if (this.isStreaming) return;
    let conversationId = this.activeId;
    if (!conversationId) {
      const created = await this.refusedIfFull(() => this.deps.conversations.create(titleFrom(content)));
      if (!created) return;
      conversationId = created.id;
      this.activeId = conversationId;
      this.draftKey = KV.draft(conversationId);
      await this.refusedIfFull(async () => {
        await this.deps.kv.delete(KV.draft(null));
        await this.deps.kv.set(KV.activeConversation, conversationId);
      });
    }
    if (!(await this.storeQuestion(conversationId, this.messages.at(-1)?.id ?? null, content))) return;
    this.draft = '';
    await this.flushDraft();
    this.conversations = await this.deps.conversations.list();
    await this.answers.answer();
  }

  /**
   * The conversation on screen was deleted in another tab: say so, keep the text in the composer
   * (as a new chat's draft, so Send starts a new conversation with it).
   */
  private async conversationGone(error: unknown): Promise<void> {
    this.deps.onNotice(
      `${error instanceof Error ? error.message : String(error)} Your text is kept: send it to start a new chat.`,
    );
    this.activeId = null;
    this.messages = [];
    this.draftKey = KV.draft(null);
    await this.flushDraft();
    this.conversations = await this.deps.conversations.list();
  }

  /**
   * Continues the last answer where the token limit cut it, or where a crash interrupted it; the
   * new text is appended to it.
   */
  async continueAnswer(): Promise<void> {
    const last = this.messages.at(-1);
    if (this.isStreaming || last?.role !== 'assistant' || !canContinue(last)) return;
    await this.answers.answer(last);
  }

  /** Stores a user message under `parentId` and shows it; the creation time follows every branch. */
  private async storeQuestion(
    conversationId: string,
    parentId: string | null,
    content: string,
  ): Promise<boolean> {
    const question = questionMessage(conversationId, parentId, content, this.tree.latest());
    try {
      await this.deps.conversations.putMessage(question);
    } catch (error) {
      // A full disk: nothing is written, the text stays in the composer and the notice says so.
      if (isStorageFull(error)) this.deps.onError(storageFullError(error, SEND_KEPT));
      else if (!isConversationMissing(error)) throw error;
      // Deleted here or in another tab: nothing is written, the text goes back to the composer.
      else await this.conversationGone(error);
      return false;
    }
    this.messages = [question];
    return true;
  }

  /** Runs a write; a full disk is reported (the text stays on screen) and gives undefined. */
  private async refusedIfFull<T>(write: () => Promise<T>): Promise<T | undefined> {
    try {
      return await write();
    } catch (error) {
      if (!isStorageFull(error)) throw error;
      this.deps.onError(storageFullError(error, SEND_KEPT));
      return undefined;
    }
  }

  /**
   * Sends an edited version of a user message as a new branch from that point: the edited text
   * is a sibling of the original and is answered afresh; the original and its answers stay.
   */
  async editMessage(id: string, text: string): Promise<void> {
    const content = text.trim();
    const original = this.messages.find((m) => m.id === id);
    if (!content || original?.role !== 'user' || this.isStreaming) return;
    await this.switches.idle(SWITCH);
    if (this.activeId !== original.conversationId || this.isStreaming) return;
    if (!(await this.storeQuestion(original.conversationId, original.parentId ?? null, content))) return;
    this.conversations = await this.deps.conversations.list();
    await this.answers.answer();
  }

  /** Records an implicit feedback signal; a failure is reported, never thrown into the chat. */
  async recordSignal(answer: StoredMessage, signal: ImplicitSignal): Promise<void> {
    await this.answers.recordSignal(answer, signal);
  }

  /** The app's generation settings with the active conversation's own on top. */
  get generationSettings(): GenerationSettings {
    return mergeGenerationSettings(this.active?.settings, this.deps.generation());
  }

  /** The conversation as the model would see it now (for the context meter). */
  get modelView(): ChatMessage[] {
    return this.modelViewOf(this.messages);
  }

  /** What the model would see of `messages` (a path of the conversation). */
  modelViewOf(messages: readonly StoredMessage[]): ChatMessage[] {
    const system = joinSystemPrompt(this.deps.systemPrompt(), this.active?.settings?.systemPrompt);
    return historyForModel(system, messages);
  }

  /** Stores generation settings (system prompt, temperature, top-p, max tokens) on the active conversation. */
  async updateConversationSettings(settings: Conversation['settings']): Promise<void> {
    if (this.activeId) await this.updateConversation(this.activeId, { settings });
  }

  /** Changes a conversation's own settings (e.g. its routing override). */
  async updateConversation(
    id: string,
    patch: Partial<Omit<Conversation, 'id' | 'createdAt' | 'updatedAt'>>,
  ): Promise<void> {
    const current = this.conversations.find((c) => c.id === id);
    await this.deps.conversations.update(id, { ...patch, updatedAt: current?.updatedAt });
    this.conversations = await this.deps.conversations.list();
  }

  /** The user's message that an answer replied to. */
  promptBefore(answer: StoredMessage): string | null {
    return promptBefore(this.messages, answer);
  }

  /** Replaces a stored message (e.g. after health scoring added its report). */
  async updateMessage(message: StoredMessage): Promise<void> {
    await this.deps.conversations.putMessage(message);
    this.showMessage(message);
  }

  /** Shows a message stored elsewhere (e.g. health's report) if its conversation is open. */
  showMessage(message: StoredMessage): void {
    if (this.activeId === message.conversationId) {
      this.messages = this.messages.map((m) => (m.id === message.id ? message : m));
    }
  }

  /** Ends generation at once; the partial answer stays, marked as stopped. */
  stop(): void {
    this.answers.stop();
  }

  /**
   * A new answer to the last question, as a branch beside the last answer (or a failed one):
   * the old answer is kept, one "Previous branch" away.
   */
  async regenerate(): Promise<void> {
    if (this.isStreaming) return;
    const last = this.messages.at(-1);
    if (!last || last.role !== 'assistant') return;
    await this.recordSignal(last, 'regenerated');
    await this.answers.answer(undefined, this.messages.slice(0, -1));
  }
}
