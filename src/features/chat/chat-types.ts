/** The shapes the chat shares with its wiring (services.ts) and the router. */
import type { ConversationRepository } from '../../platform/db/conversations';
import type { KeyValueRepository } from '../../platform/db/kv';
import type { Conversation, StoredMessage } from '../../core/stored';
import type { Attempt } from '../../core/answers/collect';
import type { AnswerMetric } from '../../core/answers/metric';
import type { TandemError } from '../../core/errors';
import type { ImplicitSignal } from '../../core/feedback';
import type { GenerationSettings } from '../../core/provider';
import type { AnswerContext, PreparedMessages, ResolvedProvider } from '../../core/answering';

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
   * - `prepareMessages` may change what the model receives (e.g. coaching in the system prompt);
   *   what it `recorded` is put on the assistant message before it is first stored.
   * - `onAnswered` runs after the final answer is stored (e.g. health scoring); its errors are
   *   reported, never thrown into the chat.
   */
  prepareMessages?: (context: AnswerContext) => PreparedMessages | Promise<PreparedMessages>;
  onAnswered?: (answer: StoredMessage, context: AnswerContext) => void | Promise<void>;
  /** Where each attempt's metric record goes (absent: not recorded). */
  metrics?: { add(records: readonly AnswerMetric[]): Promise<void> };
  /** The price of an attempt (null: free or unknown). */
  costUsd?: (attempt: Attempt) => number | null;
  /** The device the local model runs on. */
  localDevice?: () => string | null;
  /** Implicit feedback: what the user did with an answer (stopped, regenerated, ...). */
  onSignal?: (answer: StoredMessage, signal: ImplicitSignal) => void | Promise<void>;
  /**
   * Why this tab can no longer write (a newer tab upgraded the database), or null while it can:
   * sends are refused with this notice and drafts stay on screen unsaved.
   */
  storageClosed?: () => string | null;
  /** A conversation was deleted (its feedback may be kept). */
  onRemoved?: (conversation: Conversation) => void;
}

export interface StreamingAnswer {
  messageId: string;
  text: string;
}
