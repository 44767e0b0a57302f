/**
 * The answer loop of the chat: asks the resolved model, streams its text to the page once per
 * frame, stores it as it goes, and records each attempt's metrics and the answer's implicit
 * signals. The state it changes lives on the chat (its `AnswerHost` side).
 */
import type { Conversation, StoredMessage } from '../../core/stored';
import { collectAnswer, type Attempt } from '../../core/answers/collect';
import { toAnswerMetrics } from '../../core/answers/metric';
import { TandemError, isStorageFull, serializeError, storageFullError } from '../../core/errors';
import type { ImplicitSignal } from '../../core/feedback';
import type { ChatMessage, GenerationSettings } from '../../core/provider';
import { newId } from '../../core/util/id';
import { oncePerFrame } from '../../ui/once-per-frame';
import type { ChatDependencies, StreamingAnswer } from './chat-types';
import type { AnswerContext, PreparedMessages } from '../../core/answering';
import { CONTINUE_PROMPT, nextCreatedAt } from './chat-history';
import { StreamPersister } from './answer-persist';
import { holdStreamLock } from '../../platform/db/stream-locks';

/** The write was refused because the conversation is gone (deleted here or in another tab). */
export function isConversationMissing(error: unknown): boolean {
  return error instanceof TandemError && error.code === 'conversation-missing';
}

/**
 * At most how long text on screen waits to be written to IndexedDB while it streams (the first
 * text is written at once, and everything when the page is hidden; see StreamPersister).
 */
export const PERSIST_EVERY_MS = 250;

/** The chat state the answer loop reads and changes. */
export interface AnswerHost {
  readonly activeId: string | null;
  messages: StoredMessage[];
  conversations: Conversation[];
  streaming: StreamingAnswer | null;
  readonly generationSettings: GenerationSettings;
  readonly modelView: ChatMessage[];
  modelViewOf(messages: readonly StoredMessage[]): ChatMessage[];
}

/** What a full disk leaves of a streaming answer, for its notice. */
const ANSWER_KEPT = 'The answer was stopped; what it had written stays on screen until you reload.';
const FINAL_KEPT = 'The answer stays on screen until you reload.';

const MISSING_WHILE_STREAMING =
  'The conversation was deleted while it was being answered: the answer was stopped and not saved.';

export class AnswerLoop {
  private controller: AbortController | null = null;
  /** The conversation whose answer is streaming now. */
  private streamingIn: string | null = null;
  /** A conversation the user deleted here: its refused writes need no second notice. */
  private deleted: string | null = null;

  constructor(
    private readonly chat: AnswerHost,
    private readonly deps: ChatDependencies,
  ) {}

  /** Ends generation at once; the partial answer stays, marked as stopped. */
  stop(): void {
    this.controller?.abort();
  }

  /** Stops the stream if it answers in `conversationId` (which is being deleted). */
  stopIn(conversationId: string): void {
    this.deleted = conversationId;
    if (this.streamingIn === conversationId) this.stop();
  }

  /** Reports a refused write: a deleted conversation as a notice, anything else as an error. */
  private reportWrite(error: unknown, conversationId?: string): void {
    if (isConversationMissing(error)) {
      if (conversationId !== undefined && conversationId === this.deleted) return;
      this.deps.onNotice(error instanceof Error ? error.message : String(error));
    } else {
      this.deps.onError(error);
    }
  }

  /** Records an implicit feedback signal; a failure is reported, never thrown into the chat. */
  async recordSignal(answer: StoredMessage, signal: ImplicitSignal): Promise<void> {
    try {
      await this.deps.onSignal?.(answer, signal);
    } catch (error) {
      this.deps.onError(error);
    }
  }

  /**
   * Answers the conversation as it stands (last message from the user), or, given `continuing`,
   * extends that cut answer: the model sees it and is asked to go on from its last word. Given
   * `path` (the branch up to a question, for Regenerate), answers that instead: the new answer
   * is a sibling of the one after it.
   */
  async answer(continuing?: StoredMessage, path?: StoredMessage[]): Promise<void> {
    const chat = this.chat;
    const conversationId = chat.activeId;
    if (!conversationId) return;
    const stored = path ?? chat.messages;
    const history = chat.modelViewOf(stored);
    if (continuing) history.push({ role: 'user', content: CONTINUE_PROMPT });
    let context: AnswerContext = { conversationId, messages: history, stored };
    let recorded: PreparedMessages['recorded'];
    if (this.deps.prepareMessages) {
      const prepared = await this.deps.prepareMessages(context);
      context = { ...context, messages: prepared.messages };
      recorded = prepared.recorded;
    }
    const resolved = await this.deps.provider(context);
    let assistant: StoredMessage = continuing
      ? { ...continuing, status: 'streaming', finishReason: undefined }
      : {
          id: newId('m_'),
          conversationId,
          parentId: stored.at(-1)?.id ?? null,
          role: 'assistant',
          content: '',
          createdAt: nextCreatedAt(chat.messages),
          status: 'streaming',
        };
    if (resolved instanceof TandemError && continuing) {
      this.deps.onError(resolved);
      return;
    }
    if (resolved instanceof TandemError) {
      const failed: StoredMessage = { ...assistant, status: 'error', error: serializeError(resolved) };
      try {
        await this.deps.conversations.putMessage(failed);
      } catch (error) {
        this.reportWrite(error);
        return;
      }
      chat.messages = [...chat.messages, failed];
      return;
    }
    assistant.model = resolved.model;
    if (resolved.route) assistant.route = resolved.route;
    if (recorded) assistant = { ...assistant, ...recorded };
    try {
      await this.deps.conversations.putMessage(assistant);
    } catch (error) {
      this.reportWrite(error);
      return;
    }
    chat.messages = continuing
      ? chat.messages.map((m) => (m.id === assistant.id ? assistant : m))
      : [...chat.messages, assistant];

    const controller = new AbortController();
    this.controller = controller;
    this.streamingIn = conversationId;
    // Another tab starting now sees this lock and leaves the answer alone (startup-recovery.ts).
    const releaseLock = holdStreamLock(assistant.id);
    let lost = false;
    /** The disk filled up while it streamed: the answer ends now, interrupted, said once. */
    let full: unknown = null;
    const persister = new StreamPersister(
      (message) => this.deps.conversations.putMessage(message),
      PERSIST_EVERY_MS,
      (error) => {
        // The conversation was deleted meanwhile: stop generating (and paying) for nothing.
        if (isConversationMissing(error)) {
          lost = true;
          controller.abort();
        } else if (isStorageFull(error)) {
          full ??= error;
          controller.abort();
        } else this.deps.onError(error);
      },
    );
    const settings = chat.generationSettings;
    chat.streaming = { messageId: assistant.id, text: assistant.content };
    let shown = assistant;
    const frame = oncePerFrame((text: string) => {
      if (chat.streaming?.messageId === assistant.id) chat.streaming.text = text;
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
        keepGoing: () => chat.streaming?.messageId === assistant.id,
        onProgress: (progress, part) => {
          // The page shows the text once per frame, however many tokens arrived in it.
          frame.set(progress.text);
          if (part.type === 'text-delta') persister.update({ ...progress.message, content: progress.text });
          if (progress.message !== shown) {
            shown = progress.message;
            this.showMessage(shown);
          }
        },
      },
    );
    frame.cancel();
    persister.stop();
    if (chat.streaming?.messageId === assistant.id) chat.streaming.text = collected.final.content;
    const attempts = collected.attempts;
    // The limit the answer ran under, so a cut answer can say "cut at the N-token limit".
    let final: StoredMessage = collected.final.finishReason
      ? { ...collected.final, maxTokens: settings.maxTokens }
      : collected.final;
    // Cut by a full disk: an interrupted answer (Continue picks it up once there is room).
    if (full !== null) final = { ...final, status: 'interrupted' };
    let saved = !lost;
    if (saved) {
      try {
        await this.deps.conversations.putMessage(final);
      } catch (error) {
        saved = false;
        lost = isConversationMissing(error);
        if (isStorageFull(error) && full === null) this.deps.onError(storageFullError(error, FINAL_KEPT));
        else if (full === null) this.reportWrite(error, conversationId);
      }
      if (full !== null) this.deps.onError(storageFullError(full, ANSWER_KEPT));
    } else {
      this.reportWrite(new TandemError('conversation-missing', MISSING_WHILE_STREAMING), conversationId);
    }
    releaseLock();
    if (chat.activeId === conversationId) {
      chat.messages = lost
        ? chat.messages.filter((m) => m.id !== final.id)
        : chat.messages.map((m) => (m.id === final.id ? final : m));
    }
    chat.streaming = null;
    this.controller = null;
    this.streamingIn = null;
    chat.conversations = await this.deps.conversations.list();
    if (!saved) return;
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

  /** Shows a changed message while it streams (it is stored with the final answer). */
  private showMessage(message: StoredMessage): void {
    if (this.chat.activeId === message.conversationId) {
      this.chat.messages = this.chat.messages.map((m) => (m.id === message.id ? message : m));
    }
  }

  /** The implicit signals a finished answer carries: stopped, continued, escalated to Claude. */
  private async recordAnswerSignals(final: StoredMessage, continued: boolean): Promise<void> {
    if (final.status === 'stopped') await this.recordSignal(final, 'stopped');
    if (continued) await this.recordSignal(final, 'continued');
    if (final.notices?.some((n) => n.kind === 'escalation')) await this.recordSignal(final, 'escalated');
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
}
