/**
 * Claude through the Anthropic Messages API, called directly from the browser with the user's
 * own key (no SDK: plain fetch + our SSE parser), behind the same `ChatProvider` interface as
 * the local models.
 *
 * Guarantees:
 * - The API key goes only into the `x-api-key` header of requests to `baseUrl`; it is never put
 *   in a message, an error, a stream part or a log.
 * - The stream ends with exactly one `finish` (reason 'aborted' when stopped) or one `error`.
 *   Text already streamed is never taken back, so on a cut or error the caller keeps a partial.
 * - Retries (429 honouring retry-after / retry-after-ms, 408/409/5xx/529 with exponential
 *   backoff, connection failures, first-byte timeouts) happen only before any part of the
 *   answer was streamed, at most `maxRetries` times, never waiting longer than
 *   `maxRetryDelayMs` at once. The server's `x-should-retry: true|false` overrides the status.
 * - A request that gets no response headers within `firstByteTimeoutMs`, or a stream with no
 *   event (not even `ping`) for `idleTimeoutMs`, ends with a retryable `timeout` error.
 * - A refusal (`stop_reason: "refusal"`) ends with a `refusal` notice and finish reason.
 * - Extended thinking streams as `thinking-delta` parts; signed thinking blocks go back
 *   unchanged in tool-use rounds.
 */
import { TandemError, serializeError, toTandemError } from '../../errors';
import type { ChatProvider, FinishReason, GenerateRequest, StreamPart, Timings, Usage } from '../types';
import {
  mapHttpError,
  mapStopReason,
  refusalMessage,
  toMessagesBody,
  type ConversationMessage,
  type MessagesRequestBody,
  type ToolResult,
} from './mappers';
import { readRound, type RoundClock } from './round';
import { AttemptTimer, firstByteTimeoutError, idleTimeoutError } from './timeouts';
import type { ToolRegistry } from './tools';
import { estimateTokensFromChars } from '../../tokens/estimate';
import { normaliseHttpUrl } from '../../settings/url';

export const DEFAULT_CLAUDE_BASE_URL = 'https://api.anthropic.com';
export const ANTHROPIC_VERSION = '2023-06-01';

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

export type CheckKeyResult =
  { ok: true; via: 'models' | 'messages' } | { ok: false; error: ReturnType<typeof serializeError> };

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

const defaultIsOnline = (): boolean =>
  typeof navigator === 'undefined' || (navigator as { onLine?: boolean }).onLine !== false;

function offlineError(): TandemError {
  return new TandemError(
    'offline',
    'You are offline. Claude needs the internet: answer with a local model, or try again when you are back online.',
    { retryable: true, name: 'ClaudeError' },
  );
}

export class ClaudeProvider implements ChatProvider {
  readonly kind = 'claude' as const;
  readonly label: string;
  readonly model: string;
  private readonly apiKey: string;
  private readonly baseUrl: string;
  private readonly fetchFn: typeof fetch;
  private readonly tools: ToolRegistry | undefined;
  private readonly system: string | undefined;
  private readonly maxRetries: number;
  private readonly retryBaseDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly maxToolRounds: number;
  private readonly thinkingBudget: number;
  private readonly promptCaching: boolean;
  private readonly firstByteTimeoutMs: number;
  private readonly idleTimeoutMs: number;
  private readonly isOnline: () => boolean;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(config: ClaudeProviderConfig) {
    this.apiKey = config.apiKey;
    this.model = config.model;
    const typed = config.baseUrl?.trim() ?? '';
    // Normalised like the settings field; an invalid one is kept as typed so the request fails visibly.
    this.baseUrl = typed ? (normaliseHttpUrl(typed, 'never') ?? typed) : DEFAULT_CLAUDE_BASE_URL;
    const f = config.fetch ?? globalThis.fetch;
    this.fetchFn = (input, init) => f(input, init); // unbound window.fetch throws "Illegal invocation"
    this.tools = config.tools && config.tools.size > 0 ? config.tools : undefined;
    this.system = config.system;
    this.maxRetries = Math.max(0, config.maxRetries ?? 2);
    this.retryBaseDelayMs = Math.max(0, config.retryBaseDelayMs ?? 1000);
    this.maxRetryDelayMs = Math.max(0, config.maxRetryDelayMs ?? 30_000);
    this.maxToolRounds = Math.max(0, config.maxToolRounds ?? 4);
    this.thinkingBudget = Math.max(0, config.thinkingBudgetTokens ?? 0);
    this.promptCaching = config.promptCaching ?? true;
    this.firstByteTimeoutMs = Math.max(0, config.firstByteTimeoutMs ?? 60_000);
    this.idleTimeoutMs = Math.max(0, config.idleTimeoutMs ?? 60_000);
    this.isOnline = config.isOnline ?? defaultIsOnline;
    this.now = config.now ?? (() => performance.now());
    this.sleep = config.sleep ?? defaultSleep;
    this.label = config.label ?? `Claude (${config.model})`;
  }

  /** Origin the key is sent to; the router/privacy code can compare request URLs with it. */
  get endpointOrigin(): string {
    return new URL(this.baseUrl).origin;
  }

  private headers(json: boolean): Record<string, string> {
    const headers: Record<string, string> = {
      'x-api-key': this.apiKey,
      'anthropic-version': ANTHROPIC_VERSION,
      'anthropic-dangerous-direct-browser-access': 'true',
    };
    if (json) headers['content-type'] = 'application/json';
    return headers;
  }

  async *stream(request: GenerateRequest): AsyncGenerator<StreamPart, void, undefined> {
    const signal = request.signal;
    const started = this.now();
    const usage: Usage = { inputTokens: 0, outputTokens: 0 };
    const clock: RoundClock = { firstTokenAt: null, streamedChars: 0 };
    const conversation: ConversationMessage[] = [...request.messages];

    const timings = (): Timings => {
      const end = this.now();
      const first = clock.firstTokenAt;
      const decodeSeconds = first === null ? 0 : (end - first) / 1000;
      return {
        timeToFirstTokenMs: first === null ? null : Math.round(first - started),
        totalMs: Math.round(end - started),
        tokensPerSecond:
          first !== null && decodeSeconds > 0 && usage.outputTokens > 0
            ? Math.round((usage.outputTokens / decodeSeconds) * 10) / 10
            : null,
      };
    };
    const finish = (reason: FinishReason): StreamPart => ({
      type: 'finish',
      reason,
      usage: { ...usage },
      timings: timings(),
    });

    try {
      for (let round = 0; ; round++) {
        if (signal?.aborted) {
          yield finish('aborted');
          return;
        }
        const body = toMessagesBody(conversation, {
          model: this.model,
          maxTokens: request.settings.maxTokens,
          temperature: request.settings.temperature,
          stream: true,
          ...(this.system ? { system: this.system } : {}),
          ...(this.tools ? { tools: this.tools.toApiTools() } : {}),
          ...(this.thinkingBudget > 0 ? { thinkingBudget: this.thinkingBudget } : {}),
          cache: this.promptCaching,
        });
        const { response, timer } = await this.send(body, signal);
        const requestId = response.headers.get('request-id');
        const idle = (): void =>
          timer.arm(this.idleTimeoutMs, () =>
            idleTimeoutError(Math.round(this.idleTimeoutMs / 100) / 10, clock.streamedChars > 0, requestId),
          );
        idle();
        let result;
        try {
          result = yield* readRound(response, {
            signal: timer.signal,
            usage,
            clock,
            now: this.now,
            model: this.model,
            apiKey: this.apiKey,
            onEvent: idle,
            cutError: (cause, id) => this.cutError(cause, id),
          });
        } finally {
          timer.dispose();
        }

        const wantsTools = result.stopReason === 'tool_use' && result.toolCalls.length > 0 && this.tools;
        if (!wantsTools || round >= this.maxToolRounds) {
          if (result.stopReason === 'refusal') {
            yield {
              type: 'notice',
              notice: { kind: 'refusal', text: refusalMessage(clock.streamedChars > 0) },
            };
          }
          yield finish(mapStopReason(result.stopReason));
          return;
        }
        conversation.push({
          role: 'assistant',
          content: result.text,
          toolCalls: result.toolCalls,
          ...(result.thinking.length > 0 ? { thinking: result.thinking } : {}),
        });
        const results: ToolResult[] = [];
        for (const call of result.toolCalls) {
          yield { type: 'tool-call', id: call.id, name: call.name, input: call.input };
          const run = result.badInputs.has(call.id)
            ? { output: 'Error: the tool input was not valid JSON.', isError: true }
            : await this.tools!.run(call.name, call.input, signal ? { signal } : {});
          if (signal?.aborted) break;
          yield {
            type: 'tool-result',
            id: call.id,
            name: call.name,
            output: run.output,
            isError: run.isError,
          };
          results.push({ id: call.id, output: run.output, isError: run.isError });
        }
        conversation.push({ role: 'tool', results });
      }
    } catch (error) {
      // Stopped or failed mid-answer: count what was generated (estimate when not reported yet).
      const estimated = estimateTokensFromChars(clock.streamedChars);
      if (usage.outputTokens < estimated) usage.outputTokens = estimated;
      if (signal?.aborted) {
        yield finish('aborted');
        return;
      }
      yield { type: 'error', error: serializeError(toTandemError(error)) };
    }
  }

  /**
   * POSTs one request with bounded retries; returns an OK response (with the attempt's timer,
   * which the caller re-arms as the idle deadline) or throws a TandemError.
   */
  private async send(
    body: MessagesRequestBody,
    signal: AbortSignal | undefined,
  ): Promise<{ response: Response; timer: AttemptTimer }> {
    for (let attempt = 0; ; attempt++) {
      if (!this.isOnline()) throw offlineError();
      const timer = new AttemptTimer(signal);
      timer.arm(this.firstByteTimeoutMs, () =>
        firstByteTimeoutError(Math.round(this.firstByteTimeoutMs / 100) / 10),
      );
      let response: Response;
      try {
        response = await this.fetchFn(`${this.baseUrl}/v1/messages`, {
          method: 'POST',
          headers: this.headers(true),
          body: JSON.stringify(body),
          signal: timer.signal,
        });
      } catch (error) {
        const timedOut = timer.timedOut;
        timer.dispose();
        if (signal?.aborted) throw error;
        if (!this.isOnline()) throw offlineError();
        const failure =
          timedOut ??
          new TandemError(
            'network',
            `Could not reach Claude at ${this.endpointOrigin}. Check your connection, or the Claude base URL in Settings.`,
            { retryable: true, name: 'ClaudeError', cause: error },
          );
        if (attempt < this.maxRetries) {
          await this.sleep(this.backoff(attempt), signal);
          continue;
        }
        throw failure;
      }
      timer.disarm();
      if (response.ok) return { response, timer };
      timer.dispose();

      const text = await response.text().catch(() => '');
      const error = mapHttpError(response.status, text, {
        retryAfter: response.headers.get('retry-after'),
        requestId: response.headers.get('request-id'),
        model: this.model,
        apiKey: this.apiKey,
      });
      // The API's own verdict wins over the status, both ways (as in the official SDKs).
      const verdict = response.headers.get('x-should-retry')?.trim().toLowerCase();
      const retry = verdict === 'true' ? true : verdict === 'false' ? false : error.retryable;
      if (!retry || attempt >= this.maxRetries) throw error;
      const delay = this.retryDelay(response, attempt);
      if (delay === null) throw error;
      await this.sleep(delay, signal);
    }
  }

  private backoff(attempt: number): number {
    const base = this.retryBaseDelayMs * 2 ** attempt;
    const jitter = base * 0.25 * Math.random();
    return Math.min(this.maxRetryDelayMs, Math.round(base + jitter));
  }

  /** ms to wait before the next attempt; null when the server asks for longer than allowed. */
  private retryDelay(response: Response, attempt: number): number | null {
    const ms = response.headers.get('retry-after-ms');
    const seconds = response.headers.get('retry-after');
    let wanted: number | null = null;
    if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) wanted = Number(ms);
    else if (seconds) {
      const s = seconds.trim();
      if (/^\d+(\.\d+)?$/.test(s)) wanted = Number(s) * 1000;
      else if (!Number.isNaN(Date.parse(s))) wanted = Math.max(0, Date.parse(s) - Date.now());
    }
    if (wanted === null) return this.backoff(attempt);
    return wanted > this.maxRetryDelayMs ? null : wanted;
  }

  private cutError(cause: unknown, requestId: string | null): TandemError {
    if (!this.isOnline()) return offlineError();
    return new TandemError(
      'network',
      'The connection to Claude was lost in the middle of the answer. The partial answer is kept; retry to get a full one.',
      {
        retryable: true,
        name: 'ClaudeError',
        cause,
        details: { partial: true, ...(requestId ? { requestId } : {}) },
      },
    );
  }

  /**
   * For the Settings "check key" button. Uses `GET /v1/models?limit=1` (free: no tokens are
   * used); when a proxy/gateway does not serve that endpoint (404/405), falls back to a
   * 1-token `POST /v1/messages` on the configured model (costs a few input tokens).
   */
  async checkKey(signal?: AbortSignal): Promise<CheckKeyResult> {
    try {
      if (!this.isOnline()) throw offlineError();
      const init = { method: 'GET', headers: this.headers(false), ...(signal ? { signal } : {}) };
      let response: Response;
      try {
        response = await this.fetchFn(`${this.baseUrl}/v1/models?limit=1`, init);
      } catch (error) {
        if (signal?.aborted) throw error;
        throw new TandemError(
          'network',
          `Could not reach Claude at ${this.endpointOrigin}. Check your connection, or the Claude base URL in Settings.`,
          { retryable: true, name: 'ClaudeError', cause: error },
        );
      }
      if (response.ok) {
        await response.body?.cancel().catch(() => undefined);
        return { ok: true, via: 'models' };
      }
      if (response.status !== 404 && response.status !== 405) {
        throw mapHttpError(response.status, await response.text().catch(() => ''), {
          retryAfter: response.headers.get('retry-after'),
          model: this.model,
          apiKey: this.apiKey,
        });
      }
      const body = toMessagesBody([{ role: 'user', content: 'Hi' }], { model: this.model, maxTokens: 1 });
      const probe = await this.fetchFn(`${this.baseUrl}/v1/messages`, {
        method: 'POST',
        headers: this.headers(true),
        body: JSON.stringify(body),
        ...(signal ? { signal } : {}),
      });
      if (!probe.ok) {
        throw mapHttpError(probe.status, await probe.text().catch(() => ''), {
          retryAfter: probe.headers.get('retry-after'),
          model: this.model,
          apiKey: this.apiKey,
        });
      }
      await probe.body?.cancel().catch(() => undefined);
      return { ok: true, via: 'messages' };
    } catch (error) {
      return { ok: false, error: serializeError(toTandemError(error)) };
    }
  }
}
