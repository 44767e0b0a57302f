/**
 * The answer loop of the chat: asks the resolved model, streams its text to the page once per
 * frame, stores it as it goes, and records each attempt's metrics and the answer's implicit
 * signals. The state it changes lives on the chat (its `AnswerHost` side).
 */
import type { Conversation, StoredMessage } from '../../core/stored';
import { collectAnswer, type Attempt } from '../../core/answers/collect';
import { toAnswerMetrics } from '../../core/answers/metric';
import { TandemError, serializeError } from '../../core/errors';
import type { ImplicitSignal } from '../../core/feedback';
import type { ChatMessage, GenerationSettings } from '../../core/provider';
import { newId } from '../../core/util/id';
import { oncePerFrame } from '../../ui/once-per-frame';
import type { ChatDependencies, StreamingAnswer } from './chat-types';
import type { AnswerContext } from '../../core/answering';
import { CONTINUE_PROMPT, nextCreatedAt } from './chat-history';

/** How often a streaming answer is written to IndexedDB (it is always written at the end). */
const PERSIST_EVERY_MS = 400;

/** The chat state the answer loop reads and changes. */
export interface AnswerHost {
  readonly activeId: string | null;
  messages: StoredMessage[];
  conversations: Conversation[];
  streaming: StreamingAnswer | null;
  readonly generationSettings: GenerationSettings;
  readonly modelView: ChatMessage[];
}

export class AnswerLoop {
  private controller: AbortController | null = null;

  constructor(
    private readonly chat: AnswerHost,
    private readonly deps: ChatDependencies,
  ) {}

  /** Ends generation at once; the partial answer stays, marked as stopped. */
  stop(): void {
    this.controller?.abort();
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
   * extends that cut answer: the model sees it and is asked to go on from its last word.
   */
  async answer(continuing?: StoredMessage): Promise<void> {
    const chat = this.chat;
    const conversationId = chat.activeId;
    if (!conversationId) return;
    const stored = chat.messages;
    const history = chat.modelView;
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
          createdAt: nextCreatedAt(chat.messages),
          status: 'streaming',
        };
    if (resolved instanceof TandemError && continuing) {
      this.deps.onError(resolved);
      return;
    }
    if (resolved instanceof TandemError) {
      const failed: StoredMessage = { ...assistant, status: 'error', error: serializeError(resolved) };
      await this.deps.conversations.putMessage(failed);
      chat.messages = [...chat.messages, failed];
      return;
    }
    assistant.model = resolved.model;
    if (this.deps.annotate) assistant = await this.deps.annotate(assistant, context);
    await this.deps.conversations.putMessage(assistant);
    chat.messages = continuing
      ? chat.messages.map((m) => (m.id === assistant.id ? assistant : m))
      : [...chat.messages, assistant];

    const controller = new AbortController();
    this.controller = controller;
    const settings = chat.generationSettings;
    chat.streaming = { messageId: assistant.id, text: assistant.content };
    let lastPersist = performance.now();
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
    if (chat.streaming?.messageId === assistant.id) chat.streaming.text = collected.final.content;
    const attempts = collected.attempts;
    // The limit the answer ran under, so a cut answer can say "cut at the N-token limit".
    const final: StoredMessage = collected.final.finishReason
      ? { ...collected.final, maxTokens: settings.maxTokens }
      : collected.final;
    await this.deps.conversations.putMessage(final);
    if (chat.activeId === conversationId) {
      chat.messages = chat.messages.map((m) => (m.id === final.id ? final : m));
    }
    chat.streaming = null;
    this.controller = null;
    chat.conversations = await this.deps.conversations.list();
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
