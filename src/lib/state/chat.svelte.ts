/**
 * Conversations, messages, the draft and the answer being streamed. Persists everything to
 * IndexedDB as it happens, so a reload, a crash or a failed model never loses the user's text.
 */
import type { ConversationRepository } from '../db/conversations';
import { filterByTitle } from '../db/conversations';
import type { KeyValueRepository } from '../db/kv';
import type { Conversation, MessageModelInfo, StoredMessage } from '../db/types';
import { collectAnswer, type Attempt } from '../answers/collect';
import { toAnswerMetrics, type AnswerMetric } from '../answers/metric';
import { TandemError, serializeError } from '../errors';
import type { ImplicitSignal } from '../feedback/types';
import type { ChatMessage, ChatProvider, GenerationSettings } from '../providers/types';
import { newId } from '../util/id';
import { oncePerFrame } from '../util/once-per-frame';
import { KV, type KvKey } from '../db/kv-keys';

/** What the chat knows when it is about to ask a model for an answer. */
export interface AnswerContext {
  conversationId: string;
  /** The conversation as the model will see it (system prompt first, latest user message last). */
  messages: ChatMessage[];
  /** The stored messages of the conversation so far. */
  stored: StoredMessage[];
}

export interface ResolvedProvider {
  provider: ChatProvider;
  model: MessageModelInfo;
}

export interface ChatDependencies {
  conversations: ConversationRepository;
  kv: KeyValueRepository;
  /** The provider that should answer this request, or an error saying why none can. */
  provider: (
    context: AnswerContext,
  ) => ResolvedProvider | TandemError | Promise<ResolvedProvider | TandemError>;
  generation: () => GenerationSettings;
  systemPrompt: () => string;
  onError: (error: unknown, context?: string) => void;
  onNotice: (
    message: string,
    action?: { label: string; run: () => void | Promise<void>; focus?: boolean },
  ) => void;
  /**
   * Extension points, called in order for every answer. Each may be absent.
   * - `prepareMessages` may change what the model receives (e.g. coaching in the system prompt).
   * - `annotate` may add fields to the assistant message before it is first stored.
   * - `onAnswered` runs after the final answer is stored (e.g. health scoring); its errors are
   *   reported, never thrown into the chat.
   */
  prepareMessages?: (context: AnswerContext) => ChatMessage[] | Promise<ChatMessage[]>;
  annotate?: (message: StoredMessage, context: AnswerContext) => StoredMessage | Promise<StoredMessage>;
  onAnswered?: (answer: StoredMessage, context: AnswerContext) => void | Promise<void>;
  /** Where each attempt's metric record goes (absent: not recorded). */
  metrics?: { add(records: readonly AnswerMetric[]): Promise<void> };
  /** The price of an attempt (null: free or unknown). */
  costUsd?: (attempt: Attempt) => number | null;
  /** The device the local model runs on. */
  localDevice?: () => string | null;
  /** Implicit feedback: what the user did with an answer (stopped, regenerated, ...). */
  onSignal?: (answer: StoredMessage, signal: ImplicitSignal) => void | Promise<void>;
  /** A conversation was deleted (its feedback may be kept). */
  onRemoved?: (conversation: Conversation) => void;
}

/** How often a streaming answer is written to IndexedDB (it is always written at the end). */
const PERSIST_EVERY_MS = 400;

export interface StreamingAnswer {
  messageId: string;
  text: string;
}

export class ChatState {
  conversations = $state.raw<Conversation[]>([]);
  activeId = $state<string | null>(null);
  messages = $state.raw<StoredMessage[]>([]);
  query = $state('');
  draft = $state('');
  streaming = $state<StreamingAnswer | null>(null);

  private controller: AbortController | null = null;
  private draftTimer: ReturnType<typeof setTimeout> | null = null;
  /** The key the current draft belongs to; null until a conversation (or "new") is open. */
  private draftKey: KvKey<string> | null = null;
  /** Counts the user's edits of the draft (so a draft loading late never replaces new typing). */
  private draftEdits = 0;

  constructor(private readonly deps: ChatDependencies) {}

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

  async open(id: string | null): Promise<void> {
    const edits = this.draftEdits;
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
    await this.answer();
  }

  /** Continues the last answer where the token limit cut it; the new text is appended to it. */
  async continueAnswer(): Promise<void> {
    const last = this.messages.at(-1);
    if (this.isStreaming || last?.role !== 'assistant' || last.finishReason !== 'length') return;
    await this.answer(last);
  }

  /** Records an implicit feedback signal; a failure is reported, never thrown into the chat. */
  /**
   * A creation time after every message on screen: a conversation is stored ordered by it, so a
   * question and its answer made in the same millisecond must not tie (the order would then be
   * the random ids', and a reload could show the answer first).
   */
  private nextCreatedAt(): number {
    const last = this.messages.at(-1)?.createdAt ?? 0;
    return Math.max(Date.now(), last + 1);
  }

  async recordSignal(answer: StoredMessage, signal: ImplicitSignal): Promise<void> {
    try {
      await this.deps.onSignal?.(answer, signal);
    } catch (error) {
      this.deps.onError(error);
    }
  }

  /** The implicit signals a finished answer carries: stopped, continued, escalated to Claude. */
  private async recordAnswerSignals(final: StoredMessage, continued: boolean): Promise<void> {
    if (final.status === 'stopped') await this.recordSignal(final, 'stopped');
    if (continued) await this.recordSignal(final, 'continued');
    if (final.notices?.some((n) => n.kind === 'escalation')) await this.recordSignal(final, 'escalated');
  }

  /**
   * Answers the conversation as it stands (last message from the user), or, given `continuing`,
   * extends that cut answer: the model sees it and is asked to go on from its last word.
   */
  private async answer(continuing?: StoredMessage): Promise<void> {
    const conversationId = this.activeId;
    if (!conversationId) return;
    const stored = this.messages;
    const history = this.historyForModel();
    if (continuing) history.push({ role: 'user', content: CONTINUE_PROMPT });
    let context: AnswerContext = { conversationId, messages: history, stored };
    if (this.deps.prepareMessages) {
      context = { ...context, messages: await this.deps.prepareMessages(context) };
    }
    const resolved = await this.deps.provider(context);
    let assistant: StoredMessage = continuing
      ? { ...continuing, status: 'streaming', finishReason: undefined }
      : {
          id: newId('m_'),
          conversationId,
          role: 'assistant',
          content: '',
          createdAt: this.nextCreatedAt(),
          status: 'streaming',
        };
    if (resolved instanceof TandemError && continuing) {
      this.deps.onError(resolved);
      return;
    }
    if (resolved instanceof TandemError) {
      const failed: StoredMessage = { ...assistant, status: 'error', error: serializeError(resolved) };
      await this.deps.conversations.putMessage(failed);
      this.messages = [...this.messages, failed];
      return;
    }
    assistant.model = resolved.model;
    if (this.deps.annotate) assistant = await this.deps.annotate(assistant, context);
    await this.deps.conversations.putMessage(assistant);
    this.messages = continuing
      ? this.messages.map((m) => (m.id === assistant.id ? assistant : m))
      : [...this.messages, assistant];

    const controller = new AbortController();
    this.controller = controller;
    const settings = this.generationSettings;
    this.streaming = { messageId: assistant.id, text: assistant.content };
    let lastPersist = performance.now();
    let shown = assistant;
    const frame = oncePerFrame((text: string) => {
      if (this.streaming?.messageId === assistant.id) this.streaming.text = text;
    });
    const collected = await collectAnswer(
      resolved.provider.stream({
        messages: context.messages,
        settings,
        signal: controller.signal,
      }),
      assistant,
      {
        now: () => Date.now(),
        keepGoing: () => this.streaming?.messageId === assistant.id,
        onProgress: (progress, part) => {
          // The page shows the text once per frame, however many tokens arrived in it.
          frame.set(progress.text);
          if (part.type === 'text-delta' && performance.now() - lastPersist > PERSIST_EVERY_MS) {
            lastPersist = performance.now();
            void this.deps.conversations.putMessage({ ...progress.message, content: progress.text });
          }
          if (progress.message !== shown) {
            shown = progress.message;
            this.showMessage(shown);
          }
        },
      },
    );
    frame.cancel();
    if (this.streaming?.messageId === assistant.id) this.streaming.text = collected.final.content;
    const attempts = collected.attempts;
    // The limit the answer ran under, so a cut answer can say "cut at the N-token limit".
    const final: StoredMessage = collected.final.finishReason
      ? { ...collected.final, maxTokens: settings.maxTokens }
      : collected.final;
    await this.deps.conversations.putMessage(final);
    if (this.activeId === conversationId) {
      this.messages = this.messages.map((m) => (m.id === final.id ? final : m));
    }
    this.streaming = null;
    this.controller = null;
    this.conversations = await this.deps.conversations.list();
    await this.recordAttempts(final, attempts);
    await this.recordAnswerSignals(final, continuing !== undefined);
    if (this.deps.onAnswered) {
      try {
        await this.deps.onAnswered(final, context);
      } catch (error) {
        this.deps.onError(error);
      }
    }
  }

  /** One metric record per attempt; a failure to record is reported, never thrown into the chat. */
  private async recordAttempts(final: StoredMessage, attempts: Attempt[]): Promise<void> {
    if (!this.deps.metrics) return;
    try {
      await this.deps.metrics.add(
        toAnswerMetrics(final, attempts, {
          device: this.deps.localDevice?.() ?? null,
          ...(this.deps.costUsd ? { costUsd: this.deps.costUsd } : {}),
        }),
      );
    } catch (error) {
      this.deps.onError(error);
    }
  }

  /** The app's generation settings with the active conversation's own on top. */
  get generationSettings(): GenerationSettings {
    const own = this.active?.settings ?? {};
    const base = this.deps.generation();
    return {
      temperature: own.temperature ?? base.temperature,
      topP: own.topP ?? base.topP,
      maxTokens: own.maxTokens ?? base.maxTokens,
    };
  }

  /** The conversation as the model would see it now (for the context meter). */
  get modelView(): ChatMessage[] {
    return this.historyForModel();
  }

  /** Stores generation settings (system prompt, temperature, top-p, max tokens) on the active conversation. */
  async updateConversationSettings(settings: Conversation['settings']): Promise<void> {
    if (this.activeId) await this.updateConversation(this.activeId, { settings });
  }

  /** Shows a changed message while it streams (it is stored with the final answer). */
  private showMessage(message: StoredMessage): void {
    if (this.activeId === message.conversationId) {
      this.messages = this.messages.map((m) => (m.id === message.id ? message : m));
    }
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
    const at = this.messages.findIndex((m) => m.id === answer.id);
    for (let i = at - 1; i >= 0; i--) if (this.messages[i]!.role === 'user') return this.messages[i]!.content;
    return null;
  }

  /** Replaces a stored message (e.g. after health scoring added its report). */
  async updateMessage(message: StoredMessage): Promise<void> {
    await this.deps.conversations.putMessage(message);
    if (this.activeId === message.conversationId) {
      this.messages = this.messages.map((m) => (m.id === message.id ? message : m));
    }
  }

  /** Ends generation at once; the partial answer stays, marked as stopped. */
  stop(): void {
    this.controller?.abort();
  }

  /** Replaces the last answer (or a failed one) with a new one. */
  async regenerate(): Promise<void> {
    if (this.isStreaming) return;
    const last = this.messages.at(-1);
    if (!last || last.role !== 'assistant') return;
    await this.recordSignal(last, 'regenerated');
    await this.deps.conversations.deleteMessage(last.id);
    this.messages = this.messages.slice(0, -1);
    await this.answer();
  }

  /** The conversation as the model sees it: system prompt, then every message with content. */
  private historyForModel(): ChatMessage[] {
    const messages: ChatMessage[] = [];
    const system = [this.deps.systemPrompt(), this.active?.settings?.systemPrompt]
      .filter(Boolean)
      .join('\n\n');
    if (system) messages.push({ role: 'system', content: system });
    for (const m of this.messages) {
      if (m.role === 'system' || !m.content) continue;
      messages.push({ role: m.role, content: m.content });
    }
    return messages;
  }
}

/** What the model is asked when the user continues an answer cut at the token limit. */
export const CONTINUE_PROMPT =
  'Continue your last answer exactly where it stopped, without repeating anything.';

export function titleFrom(text: string): string {
  const line = text.split('\n')[0]!.trim();
  return line.length > 48 ? `${line.slice(0, 47)}…` : line || 'New chat';
}
