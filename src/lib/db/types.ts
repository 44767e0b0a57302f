/** Records stored in IndexedDB. Shared by the repositories and the UI state. */
import type { SerializedError } from '../errors';
import type { HealthReport } from '../health/types';
import type { GenerationSettings, ProviderKind, Role, Timings, Usage } from '../providers/types';

export interface Conversation {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  /** Per-conversation generation settings; absent means the app defaults. */
  settings?: Partial<GenerationSettings> & { systemPrompt?: string };
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
  /** Sentence embedding for conversation health: computed once, then always read from here. */
  embedding?: StoredEmbedding;
  /** Health report of the turn this assistant message completes. */
  health?: HealthReport;
  /** Exactly what was added to this answer's system prompt as health coaching. */
  coaching?: string;
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
