/**
 * Conversations, messages, the draft and the answer being streamed. Persists everything to
 * IndexedDB as it happens, so a reload, a crash or a failed model never loses the user's text.
 * The answer loop is `AnswerLoop` (chat-answer.ts); pure helpers are in chat-history.ts.
 */
import { filterByTitle } from '../../platform/db/conversations';
import type { Conversation, StoredMessage } from '../../core/stored';
import type { ImplicitSignal } from '../../core/feedback';
import type { ChatMessage, GenerationSettings } from '../../core/provider';
import { newId } from '../../core/util/id';
import { InOrder } from '../../core/util/in-order';
import { KV, type KvKey } from '../../platform/db/kv-keys';
import { AnswerLoop } from './chat-answer';
import type { ChatDependencies, StreamingAnswer } from './chat-types';
import { historyForModel, nextCreatedAt, promptBefore, titleFrom } from './chat-history';
import { joinSystemPrompt, mergeGenerationSettings } from '../../core/conversation-settings';

/** The one lane conversation switches queue on. */
const SWITCH = 'switch';

export class ChatState {
  conversations = $state.raw<Conversation[]>([]);
  activeId = $state<string | null>(null);
  messages = $state.raw<StoredMessage[]>([]);
  query = $state('');
  draft = $state('');
  streaming = $state<StreamingAnswer | null>(null);

  private readonly answers: AnswerLoop;
  private draftTimer: ReturnType<typeof setTimeout> | null = null;
  /** The key the current draft belongs to; null until a conversation (or "new") is open. */
  private draftKey: KvKey<string> | null = null;
  /** Counts the user's edits of the draft (so a draft loading late never replaces new typing). */
  private draftEdits = 0;
  /**
   * The conversation switch under way (open, New chat). A message sent meanwhile waits for it, so
   * it goes to the conversation on screen and is answered there, never to the one being left.
   */
  private readonly switches = new InOrder();

  constructor(private readonly deps: ChatDependencies) {
    this.answers = new AnswerLoop(this, deps);
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
    this.messages = id ? await this.deps.conversations.messages(id) : [];
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
    if (this.draft) await this.deps.kv.set(key, this.draft);
    else await this.deps.kv.delete(key);
  }

  async rename(id: string, title: string): Promise<void> {
    const trimmed = title.trim();
    if (!trimmed) return;
    await this.deps.conversations.update(id, { title: trimmed });
    this.conversations = await this.deps.conversations.list();
  }

  async remove(id: string): Promise<void> {
    if (this.activeId === id) this.stop();
    const snapshot = await this.deps.conversations.delete(id);
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
      const created = await this.deps.conversations.create(titleFrom(content));
      conversationId = created.id;
      await this.deps.kv.delete(KV.draft(null));
      this.activeId = conversationId;
      this.draftKey = KV.draft(conversationId);
      await this.deps.kv.set(KV.activeConversation, conversationId);
    }
    const userMessage: StoredMessage = {
      id: newId('m_'),
      conversationId,
      role: 'user',
      content,
      createdAt: this.nextCreatedAt(),
      status: 'complete',
    };
    await this.deps.conversations.putMessage(userMessage);
    this.messages = [...this.messages, userMessage];
    this.draft = '';
    await this.flushDraft();
    this.conversations = await this.deps.conversations.list();
    await this.answers.answer();
  }

  /** Continues the last answer where the token limit cut it; the new text is appended to it. */
  async continueAnswer(): Promise<void> {
    const last = this.messages.at(-1);
    if (this.isStreaming || last?.role !== 'assistant' || last.finishReason !== 'length') return;
    await this.answers.answer(last);
  }

  /** A creation time after every message on screen (see `nextCreatedAt` in chat-history.ts). */
  private nextCreatedAt(): number {
    return nextCreatedAt(this.messages);
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
    const system = joinSystemPrompt(this.deps.systemPrompt(), this.active?.settings?.systemPrompt);
    return historyForModel(system, this.messages);
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

  /** Replaces the last answer (or a failed one) with a new one. */
  async regenerate(): Promise<void> {
    if (this.isStreaming) return;
    const last = this.messages.at(-1);
    if (!last || last.role !== 'assistant') return;
    await this.recordSignal(last, 'regenerated');
    await this.deps.conversations.deleteMessage(last.id);
    this.messages = this.messages.slice(0, -1);
    await this.answers.answer();
  }
}
