/** The user's Claude settings (stored under `KV.claudeSettings`; defaults in `state/claude.svelte.ts`). */
import type { Strategy } from './route';

export interface ClaudeSettings {
  /** Editable model list; `model` is one of them. */
  models: string[];
  model: string;
  /** Empty means the Anthropic API. */
  baseUrl: string;
  strategy: Strategy;
  /** Escalate evasive/drifting local answers to Claude (off by default). */
  cascade: boolean;
  prices: ModelPrice[];
  /** Compress the context before a paid call. */
  compression: boolean;
  /** Token budget for a compressed request. */
  compressionBudget: number;
  /** Lexical (relevance to the question) or LLMLingua-2 (a token-classification model). */
  compressionMethod: 'lexical' | 'llmlingua2';
  /** LLMLingua-2: share of the older context's tokens to keep, in (0, 1]. */
  compressionRate: number;
  /** LLMLingua-2 model (Hub repo id). */
  llmlinguaModel: string;
  /** Where the key is kept. */
  keyStorage: 'device' | 'session';
  /** Extended thinking (models that support it) and its token budget. */
  thinking: boolean;
  thinkingBudget: number;
  /** Prompt-caching breakpoints on the stable prefix. */
  promptCaching: boolean;
  /** Seconds without response headers, and without any stream event, before a timeout. */
  firstByteTimeoutS: number;
  idleTimeoutS: number;
}

export interface ModelPrice {
  /** Model ID or ID prefix, e.g. "claude-sonnet-5-5". */
  model: string;
  label: string;
  inputPerMTok: number;
  outputPerMTok: number;
  /** Prompt-cache write. Absent (tables saved before caching): 1.25 x input. */
  cacheWritePerMTok?: number;
  /** Prompt-cache read. Absent: 0.1 x input. */
  cacheReadPerMTok?: number;
}
