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
import { KV } from '../../platform/db/kv-keys';
import { Draft } from './draft.svelte';
import { AnswerLoop } from './chat-answer';
import { questionRefusal } from './send-refusals';
import { startConversation } from './chat-start';
import { PresetsState } from './presets.svelte';
import { NewChatRoute } from './new-chat-route.svelte';
import type { ChatDependencies, StreamingAnswer } from './chat-types';
import { canContinue, historyForModel, promptBefore, questionMessage } from './chat-history';
import { joinSystemPrompt, mergeGenerationSettings } from '../../core/conversation-settings';
import { removeConversation } from './chat-remove';
import { ChatSync, deletedElsewhereNotice } from './chat-sync';

/** The one lane conversation switches queue on. */
const SWITCH = 'switch';

export class ChatState {
  conversations = $state.raw<Conversation[]>([]);
  activeId = $state<string | null>(null);
  /** Every branch of the open conversation and the one on screen (see ./tree). */
  readonly tree = new ConversationTree((branches) => this.saveBranches(branches));
  query = $state('');
  private readonly drafts: Draft;
  /** The composer's text (kept per conversation: draft.svelte.ts). */
  get draft(): string {
    return this.drafts.text;
  }
  set draft(text: string) {
    this.drafts.text = text;
  }
  streaming = $state<StreamingAnswer | null>(null);
  /** The model choice a new chat starts with (the header's switcher). */
  readonly newChat = new NewChatRoute();
  /** The user's presets (picked for a new chat in Generation settings). */
  readonly presets: PresetsState;

  private readonly answers: AnswerLoop;
  /** In step with the other tabs: services.ts passes it their notices (chat-sync.ts). */
  readonly sync: ChatSync;
  /**
   * The conversation switch under way (open, New chat). A message sent meanwhile waits for it, so
   * it goes to the conversation on screen and is answered there, never to the one being left.
   */
  private readonly switches = new InOrder();
  /** Branch choices (`tree.switchBranch`, new messages) are stored in the order made. */
  private readonly branchWrites = new InOrder();

  constructor(private readonly deps: ChatDependencies) {
    this.drafts = new Draft(deps);
    this.presets = new PresetsState(deps.kv);
    this.answers = new AnswerLoop(this, deps);
    this.sync = new ChatSync(this, deps, (task) => this.switches.run(SWITCH, task));
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
    await this.presets.reload();
    const last = await this.deps.kv.get(KV.activeConversation);
    const start = this.conversations.find((c) => c.id === last) ?? this.conversations[0];
    await this.open(start?.id ?? null);
  }

  /** Opens a conversation (null: a new one); switches run one after another, in order. */
  open(id: string | null): Promise<void> {
    // Typing from this moment on wins over the draft stored for `id`.
    const edits = this.drafts.edits;
    return this.switches.run(SWITCH, () => this.switchTo(id, edits));
  }

  private async switchTo(id: string | null, edits: number): Promise<void> {
    await this.flushDraft();
    this.activeId = id;
    this.drafts.moveTo(KV.draft(id));
    const [all, conversation] = id
      ? await Promise.all([this.deps.conversations.messages(id), this.deps.conversations.get(id)])
      : [[], undefined];
    this.tree.load(all, conversation?.branches);
    // Text typed while the conversation was opening wins over the stored draft: never wipe it.
    await this.drafts.load(edits);
    await this.deps.kv.set(KV.activeConversation, id);
  }

  async newConversation(): Promise<void> {
    await this.open(null);
  }

  setDraft(text: string): void {
    this.drafts.set(text);
  }

  flushDraft(): Promise<void> {
    return this.drafts.flush();
  }

  async rename(id: string, title: string): Promise<void> {
    const trimmed = cleanName(title).trim();
    if (!trimmed) return;
    await this.deps.conversations.update(id, { title: trimmed });
    this.conversations = await this.deps.conversations.list();
  }

  async remove(id: string): Promise<void> {
    await removeConversation(this, this.deps, id);
  }

  /** Stops the answer streaming in `conversationId` (being deleted, here or in another tab). */
  stopIn(conversationId: string): void {
    this.answers.stopIn(conversationId);
  }

  /** Sends the draft. The draft is cleared only once the user's message is safely stored. */
  async send(text = this.draft): Promise<void> {
    const content = text.trim();
    if (!content || this.isStreaming || this.sync.refuseClosed()) return;
    await this.switches.idle(SWITCH);
    if (this.isStreaming) return;
    // The other tabs' turns first: the question follows them and the model's history has them.
    await this.sync.refresh();
    const conversationId = this.activeId ?? (await startConversation(this, this.deps, this.drafts, content));
    if (!conversationId) return;
    if (!(await this.storeQuestion(conversationId, this.messages.at(-1)?.id ?? null, content))) return;
    this.draft = '';
    await this.flushDraft();
    this.conversations = await this.deps.conversations.list();
    await this.answers.answer();
  }

  /** Leaves the conversation on screen, deleted in another tab, keeping the draft for a new chat. */
  async leaveDeleted(notice: string): Promise<void> {
    this.deps.onNotice(notice);
    this.activeId = null;
    this.tree.load([], undefined);
    this.drafts.moveTo(KV.draft(null));
    await this.flushDraft();
    this.conversations = await this.deps.conversations.list();
  }

  /** Continues the last answer, cut at the token limit or interrupted by a crash (text appended). */
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
      // Nothing is written and the text stays in the composer: a full disk says so (reported),
      // a conversation deleted here or in another tab is left.
      if (questionRefusal(error, this.deps.onError) === 'missing')
        await this.leaveDeleted(deletedElsewhereNotice(true, true));
      return false;
    }
    this.messages = [question];
    return true;
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
