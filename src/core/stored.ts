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
  /**
   * Which branch is on screen: for each parent message id ('' for the top level) the child shown
   * (features/chat/tree). Absent or missing entries show the newest child.
   */
  branches?: Record<string, string>;
  /** Where an imported conversation came from (to skip or copy it when imported again). */
  importedFrom?: { app: string; id: string };
}

/**
 * `interrupted`: the answer was still `streaming` when the app started again with no tab
 * generating it (the browser was closed or crashed mid-answer). It keeps what was stored and
 * can be continued or regenerated.
 */
export type MessageStatus = 'complete' | 'streaming' | 'stopped' | 'error' | 'interrupted';

export interface MessageModelInfo {
  kind: ProviderKind;
  id: string;
  label: string;
  device?: string;
}

export interface StoredMessage {
  id: string;
  conversationId: string;
  /**
   * The message this one follows (null: the first of its conversation). Siblings are branches:
   * an edited question or a regenerated answer. Absent only on records from before version 8.
   */
  parentId?: string | null;
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
  /** Excerpts of the user's documents this answer was given, numbered as cited. */
  sources?: MessageSource[];
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

/** A document attached to a conversation (or to the shared library: conversationId null). */
export interface DocumentRecord {
  id: string;
  conversationId: string | null;
  name: string;
  /** The kind the text was extracted as. */
  type: 'text' | 'markdown' | 'html' | 'pdf';
  /** Size of the original file in bytes. */
  size: number;
  /** Characters of extracted text. */
  chars: number;
  chunkCount: number;
  /** The embedding model the chunks' vectors came from (null: not embedded yet). */
  embeddingModel: string | null;
  createdAt: number;
}

/** One chunk of a document's text, with its vector once embedded. */
export interface DocumentChunk {
  /** `${documentId}:${index}`. */
  id: string;
  documentId: string;
  index: number;
  text: string;
  tokens: number;
  embedding?: StoredEmbedding;
}

/** One excerpt of an attached document an answer was given (shown under Sources). */
export interface MessageSource {
  n: number;
  documentId: string;
  documentName: string;
  excerpt: string;
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
