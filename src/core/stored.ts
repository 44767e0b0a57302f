/** Records stored in IndexedDB. Shared by the repositories and the UI state. */
import type { SerializedError } from './errors';
import type { HealthReport } from './health';
import type {
  AnswerNotice,
  FinishReason,
  GenerationSettings,
  ProviderKind,
  Role,
  Timings,
  Usage,
} from './provider';
import type { RouteDecision, Target } from './route';

export interface Conversation {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  /** Per-conversation generation settings; absent means the app defaults. */
  settings?: Partial<GenerationSettings> & { systemPrompt?: string };
  /** Per-conversation routing override (local or Claude); absent means the strategy decides. */
  routeOverride?: Target;
}

export type MessageStatus = 'complete' | 'streaming' | 'stopped' | 'error';

export interface MessageModelInfo {
  kind: ProviderKind;
  id: string;
  label: string;
  device?: string;
}

export interface StoredMessage {
  id: string;
  conversationId: string;
  role: Role;
  content: string;
  createdAt: number;
  status: MessageStatus;
  error?: SerializedError;
  model?: MessageModelInfo;
  usage?: Usage;
  timings?: Timings;
  /** Where the router sent this answer and why. */
  route?: RouteDecision;
  /** Tool calls Claude made while answering, with their results. */
  toolEvents?: ToolEvent[];
  /** Claude's extended thinking for this answer (shown collapsed, never sent back later). */
  thinking?: string;
  /** Fallbacks, escalations and compression applied to this answer. */
  notices?: AnswerNotice[];
  /** Sentence embedding for conversation health: computed once, then always read from here. */
  embedding?: StoredEmbedding;
  /** Health report of the turn this assistant message completes. */
  health?: HealthReport;
  /** Exactly what was added to this answer's system prompt as health coaching. */
  coaching?: string;
  /** Why generation ended; `length` means cut at the token limit (the answer can be continued). */
  finishReason?: FinishReason;
  /** The max-tokens limit the answer was generated under (said when it was cut). */
  maxTokens?: number;
}

export interface ToolEvent {
  id: string;
  name: string;
  input: unknown;
  output?: string;
  isError?: boolean;
}

export interface StoredEmbedding {
  /** The embedding model (Hub repo id) that made it: vectors of different models never mix. */
  model: string;
  vector: Float32Array;
}

/** Small key-value records: settings, drafts, device facts. */
export interface KeyValueRecord {
  key: string;
  value: unknown;
  updatedAt: number;
}
