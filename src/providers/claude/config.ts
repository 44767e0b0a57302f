/** How a `ClaudeProvider` is set up: endpoint, key, tools, retries, thinking, caching, timeouts. */
import type { ToolRegistry } from './tools';

// Defined apart from the client (defaults.ts) so the state reads them before the client loads.

export interface ClaudeProviderConfig {
  apiKey: string;
  model: string;
  /** Default https://api.anthropic.com; a proxy/gateway or the tests' fake server otherwise. */
  baseUrl?: string;
  /** Injectable fetch (tests, or a gateway wrapper). Defaults to globalThis.fetch. */
  fetch?: typeof fetch;
  /** Tools Claude may call. Without it no `tools` are sent. */
  tools?: ToolRegistry;
  /** Extra system prompt placed before any system messages of the conversation. */
  system?: string;
  /** Retries of a failed request before surfacing the error. Default 2. */
  maxRetries?: number;
  /** First backoff delay when the server gives no retry-after. Default 1000 ms (doubles). */
  retryBaseDelayMs?: number;
  /** Longest single wait; a longer retry-after surfaces the error at once. Default 30 s. */
  maxRetryDelayMs?: number;
  /** Tool-use rounds per answer. Default 4. */
  maxToolRounds?: number;
  /** Extended thinking budget (tokens); off when absent or 0. Ignored by models without it. */
  thinkingBudgetTokens?: number;
  /** Prompt caching breakpoints on the stable prefix. Default true. */
  promptCaching?: boolean;
  /** No response headers within this many ms: timeout (retried). Default 60 s; 0: none. */
  firstByteTimeoutMs?: number;
  /** No stream event (not even ping) for this many ms: timeout. Default 60 s; 0: none. */
  idleTimeoutMs?: number;
  /** Shown as the provider label. Default "Claude (<model>)". */
  label?: string;
  /** Default: navigator.onLine where it exists, else true. */
  isOnline?: () => boolean;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}
