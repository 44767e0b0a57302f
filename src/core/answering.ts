/**
 * What the chat, the router and the local model share about one answer: the context the chat
 * asks in, the provider the router resolves for it, and the local model as the router sees it.
 */
import type { MessageModelInfo, StoredMessage } from './stored';
import type { ChatMessage, ChatProvider } from './provider';
import type { RouteDecision } from './route';

/** What the chat knows when it is about to ask a model for an answer. */
export interface AnswerContext {
  conversationId: string;
  /** The conversation as the model will see it (system prompt first, latest user message last). */
  messages: ChatMessage[];
  /** The stored messages of the conversation so far. */
  stored: StoredMessage[];
}

/**
 * What preparing an answer gives: the messages the model receives and what was put into them,
 * recorded on the answer before it is first stored (the coaching block, the documents' excerpts).
 */
export interface PreparedMessages {
  messages: ChatMessage[];
  recorded?: Pick<StoredMessage, 'coaching' | 'sources'>;
}

export interface ResolvedProvider {
  provider: ChatProvider;
  model: MessageModelInfo;
  /** The router's decision for this answer (absent when no router chose: a fixed model). */
  route?: RouteDecision;
}

/** The engines that run a model in this browser (`chrome`: Chrome's built-in model, the Prompt API). */
export type LocalBackend = 'transformers' | 'webllm' | 'gguf' | 'chrome';

/** What is (or is being) loaded, the same for every backend. */
export interface LocalModelInfo {
  backend: LocalBackend;
  id: string;
  label: string;
  family: string;
  contextWindow: number;
}

/** The local model as the router sees it for one conversation, whichever backend runs it. */
export interface LocalModelView {
  ready: boolean;
  loading: boolean;
  entry: LocalModelInfo | null;
  /** Behind the context policy when ready (it trims, and refuses what cannot fit). */
  provider: ChatProvider;
  device?: string;
}

/** The short name used in route labels ("local Qwen2.5: greeting"). */
export function shortModelName(entry: Pick<LocalModelInfo, 'label' | 'family'> | null): string {
  if (!entry) return 'model';
  return entry.family && entry.family !== 'Custom' ? entry.family : entry.label;
}
