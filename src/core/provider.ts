/**
 * One interface for every model source: local transformers.js, local WebLLM, Claude.
 *
 * A provider streams a discriminated union of parts. The stream always ends with exactly one
 * `finish` part (also when stopped: reason `aborted`) or one `error` part. Text already
 * streamed is never taken back, so callers keep a partial answer on stop or failure.
 */
import type { SerializedError } from './errors';

export type Role = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: Role;
  content: string;
}

export interface GenerationSettings {
  temperature: number;
  topP: number;
  maxTokens: number;
  /**
   * Let a thinking model reason first (`enable_thinking` of Qwen3-style chat templates); its
   * reasoning streams as `thinking-delta`. Per conversation; undefined means on.
   */
  thinking?: boolean;
  /** A sampling seed, for the engines that take one (WebLLM); the others ignore it. */
  seed?: number;
}

export const DEFAULT_GENERATION_SETTINGS: GenerationSettings = {
  temperature: 0.7,
  topP: 0.95,
  maxTokens: 512,
};

export interface GenerateRequest {
  messages: ChatMessage[];
  settings: GenerationSettings;
  signal?: AbortSignal;
}

export interface Usage {
  /** All input tokens of the answer, cached ones included. */
  inputTokens: number;
  outputTokens: number;
  /** Of `inputTokens`: written to the prompt cache (Claude; billed above the input price). */
  cacheWriteTokens?: number;
  /** Of `inputTokens`: read from the prompt cache (Claude; billed far below the input price). */
  cacheReadTokens?: number;
}

export interface Timings {
  /** ms from the request to the first text delta; null when no text came. */
  timeToFirstTokenMs: number | null;
  /** ms from the request to the end of the stream. */
  totalMs: number;
  /** output tokens / decode seconds (after the first token); null when it cannot be known. */
  tokensPerSecond: number | null;
  /** input tokens / seconds until the first token, where the engine reports it. */
  prefillTokensPerSecond?: number | null;
}

/** `refusal`: the model declined to answer (Claude's `stop_reason: "refusal"`). */
export type FinishReason = 'stop' | 'length' | 'aborted' | 'tool-calls' | 'refusal';

export type StreamPart =
  | { type: 'text-delta'; text: string }
  /** Extended thinking (Claude), shown apart from the answer. */
  | { type: 'thinking-delta'; text: string }
  | { type: 'finish'; reason: FinishReason; usage: Usage; timings: Timings }
  | { type: 'error'; error: SerializedError }
  /** A provider-side tool call (Claude tool use), emitted before the tool runs. `input` is JSON. */
  | { type: 'tool-call'; id: string; name: string; input: unknown }
  /** The result of that tool call as sent back to the model; `output` is text (often JSON). */
  | { type: 'tool-result'; id: string; name: string; output: string; isError: boolean }
  /** Something the user should see on the message (fallback, escalation, compression). */
  | { type: 'notice'; notice: AnswerNotice };

/**
 * A notice shown on an answer. When `replacedText` is set, the text streamed so far is moved
 * into the notice (kept and shown) and the answer starts again, from `model` when given.
 */
export interface AnswerNotice {
  kind: 'fallback' | 'escalation' | 'compression' | 'refusal' | 'info' | 'memory';
  text: string;
  /**
   * A notice that tracks something in progress: a later notice with the same id takes its place
   * (e.g. "retrying (1 of 3)…" becomes "answered after 1 retry") instead of adding a line.
   */
  id?: string;
  replacedText?: string;
  /** The model that answers from here on. */
  model?: { kind: ProviderKind; id: string; label: string };
  /** For a fallback: the error code of the attempt that failed (so the attempt is recorded as failed). */
  failedCode?: string;
  /** For compression: estimated tokens before and after. */
  tokensBefore?: number;
  tokensAfter?: number;
  /** For compression: the compressed older context as sent, for the user to read. */
  detail?: string;
  /** For few-shot memory: the curated examples put before the conversation. */
  examples?: { id: string; prompt: string; similarity: number }[];
}

/** `server`: an OpenAI-compatible server the user runs; `chrome`: Chrome's built-in model. */
export type ProviderKind = 'transformers' | 'webllm' | 'gguf' | 'claude' | 'server' | 'chrome';

export interface ChatProvider {
  readonly kind: ProviderKind;
  /** Human name of the model that answers, e.g. "Qwen2.5 0.5B Instruct (WASM)". */
  readonly label: string;
  stream(request: GenerateRequest): AsyncIterable<StreamPart>;
}

/** Progress of one file of a model download. */
export interface FileProgress {
  file: string;
  loadedBytes: number;
  totalBytes: number | null;
  /** 0..100, null when the total is unknown. */
  percent: number | null;
  status: 'downloading' | 'cached' | 'done';
}
