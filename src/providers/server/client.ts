/**
 * The user's own model server through the OpenAI chat-completions API (Ollama, llama-server,
 * LM Studio, vLLM, SGLang, OpenAI-style gateways), behind the same `ChatProvider` interface as
 * the local models and Claude. Plain fetch, the project's SSE reader, valibot-checked chunks.
 *
 * Guarantees:
 * - The API key (optional) goes only into the `Authorization` header of requests to `baseUrl`;
 *   never into a message, an error, a stream part or a log.
 * - The stream ends with exactly one `finish` (reason `aborted` on Stop) or one `error`; text
 *   already streamed is never taken back, so a cut or failed answer keeps its partial text.
 * - No response headers within `firstByteTimeoutMs`, or no event for `idleTimeoutMs` while
 *   streaming: a retryable `timeout` error. No retries here: the router decides what comes next.
 * - Tool calls (from `tools`, OpenAI tool definitions) are emitted as `tool-call` parts with
 *   their parsed input, then `finish` with reason `tool-calls`; running them is the caller's.
 */
import { serializeError, toTandemError } from '../../core/errors';
import type {
  ChatProvider,
  FinishReason,
  GenerateRequest,
  StreamPart,
  Timings,
  Usage,
} from '../../core/provider';
import { AttemptTimer } from '../claude/timeouts';
import {
  LOADING_BASE_DELAY_MS,
  LOADING_RETRIES,
  loadingDelayMs,
  loadingNotice,
  endOfWait,
  loadingOutcomeNotice,
  pause,
} from './loading-retry';
import { estimateTokensFromChars } from '../../core/tokens';
import {
  currentPage,
  firstByteTimeoutError,
  idleTimeoutError,
  requestFailedError,
  type PageOrigin,
} from './connection';
import { mapServerError } from './http-errors';
import { readResponse, type ReadClock } from './read';
import { apiRoot, authHeaders } from './url';
import { mapFinishReason, type WireUsage } from './wire';

/** An OpenAI tool definition, passed through as given. */
export interface OpenAiTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: unknown };
}

export interface ServerProviderConfig {
  /** e.g. http://localhost:11434 or http://192.168.1.20:8080/v1 (a trailing /v1 is optional). */
  baseUrl: string;
  model: string;
  apiKey?: string;
  label?: string;
  tools?: OpenAiTool[];
  /** false: one JSON answer instead of SSE. Default true. */
  stream?: boolean;
  /** Default 120 s: a server may load the model before its first byte. */
  firstByteTimeoutMs?: number;
  /** Default 60 s. */
  idleTimeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
  /** Tries after 503 "Loading model" (default 3), and the first wait without Retry-After (1 s). */
  loadingRetries?: number;
  loadingDelayMs?: number;
  /** Where the app runs, for explaining refused requests; default `location` (null in Node). */
  page?: PageOrigin | null;
}

export class ServerProvider implements ChatProvider {
  readonly kind = 'server' as const;
  readonly label: string;
  readonly model: string;
  readonly root: string;
  private readonly apiKey: string;
  private readonly fetchFn: typeof fetch;
  private readonly tools: OpenAiTool[] | undefined;
  private readonly streaming: boolean;
  private readonly firstByteTimeoutMs: number;
  private readonly idleTimeoutMs: number;
  private readonly now: () => number;
  private readonly page: PageOrigin | null;
  private readonly loadingRetries: number;
  private readonly loadingDelayMs: number;

  constructor(config: ServerProviderConfig) {
    this.root = apiRoot(config.baseUrl);
    this.model = config.model;
    this.loadingRetries = config.loadingRetries ?? LOADING_RETRIES;
    this.loadingDelayMs = config.loadingDelayMs ?? LOADING_BASE_DELAY_MS;
    this.apiKey = config.apiKey?.trim() ?? '';
    const f = config.fetch ?? globalThis.fetch;
    this.fetchFn = (input, init) => f(input, init); // unbound window.fetch throws "Illegal invocation"
    this.tools = config.tools && config.tools.length > 0 ? config.tools : undefined;
    this.streaming = config.stream ?? true;
    this.firstByteTimeoutMs = Math.max(0, config.firstByteTimeoutMs ?? 120_000);
    this.idleTimeoutMs = Math.max(0, config.idleTimeoutMs ?? 60_000);
    this.now = config.now ?? (() => performance.now());
    this.page = config.page === undefined ? currentPage() : config.page;
    this.label = config.label ?? `Your server (${config.model} at ${new URL(this.root).host})`;
  }

  /** The only origin this provider sends anything (and the key) to. */
  get endpointOrigin(): string {
    return new URL(this.root).origin;
  }

  private body(request: GenerateRequest): Record<string, unknown> {
    const { settings } = request;
    return {
      model: this.model,
      messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
      stream: this.streaming,
      ...(this.streaming ? { stream_options: { include_usage: true } } : {}),
      max_tokens: settings.maxTokens,
      temperature: settings.temperature,
      top_p: settings.topP,
      ...(this.tools ? { tools: this.tools } : {}),
    };
  }

  async *stream(request: GenerateRequest): AsyncGenerator<StreamPart, void, undefined> {
    const signal = request.signal;
    const started = this.now();
    const usage: Usage = { inputTokens: 0, outputTokens: 0 };
    const clock: ReadClock = { firstTokenAt: null, streamedChars: 0 };
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
    const estimate = (reported: WireUsage | null): void => {
      const promptChars = request.messages.reduce((n, m) => n + m.content.length, 0);
      usage.inputTokens = reported?.prompt_tokens ?? estimateTokensFromChars(promptChars);
      usage.outputTokens = reported?.completion_tokens ?? estimateTokensFromChars(clock.streamedChars);
      const cached = reported?.prompt_tokens_details?.cached_tokens;
      if (cached) usage.cacheReadTokens = cached;
    };

    const timer = new AttemptTimer(signal);
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    try {
      if (signal?.aborted) {
        yield finish('aborted');
        return;
      }
      let response: Response | null = null;
      for (let retry = 1; !response; retry++) {
        try {
          response = await this.send(this.body(request), timer, signal);
        } catch (error) {
          const loading = toTandemError(error);
          const again = loading.code === 'model-loading' && retry <= this.loadingRetries && !signal?.aborted;
          if (!again) {
            if (retry > 1)
              yield { type: 'notice', notice: loadingOutcomeNotice(endOfWait(loading, signal), retry - 1) };
            throw error;
          }
          yield { type: 'notice', notice: loadingNotice(retry, this.loadingRetries) };
          await pause(loadingDelayMs(loading, retry, this.loadingDelayMs), signal);
          if (signal?.aborted) {
            yield { type: 'notice', notice: loadingOutcomeNotice('stopped', retry) };
            throw error;
          }
        }
        if (response && retry > 1)
          yield { type: 'notice', notice: loadingOutcomeNotice('answered', retry - 1) };
      }
      // Idle watchdog: an event only stamps the time; one timer checks it (re-arming a timer on
      // every event cost more CPU per token than the rest of the provider, bench/server-provider.ts).
      let lastEventAt = performance.now();
      const watch = (): void => {
        const quiet = performance.now() - lastEventAt;
        if (quiet < this.idleTimeoutMs) {
          watchdog = setTimeout(watch, this.idleTimeoutMs - quiet);
          return;
        }
        timer.arm(1, () =>
          idleTimeoutError(Math.round(this.idleTimeoutMs / 100) / 10, clock.streamedChars > 0),
        );
      };
      if (this.idleTimeoutMs > 0) watchdog = setTimeout(watch, this.idleTimeoutMs);
      const result = yield* readResponse(response, {
        signal: timer.signal,
        clock,
        now: this.now,
        model: this.model,
        apiKey: this.apiKey,
        onEvent: () => {
          lastEventAt = performance.now();
        },
      });
      clearTimeout(watchdog);
      timer.disarm();
      estimate(result.usage);
      for (const call of result.toolCalls)
        yield { type: 'tool-call', id: call.id, name: call.name, input: call.input };
      yield finish(result.toolCalls.length > 0 ? 'tool-calls' : mapFinishReason(result.finishReason));
    } catch (error) {
      estimate(null);
      if (signal?.aborted) {
        yield finish('aborted');
        return;
      }
      yield { type: 'error', error: serializeError(toTandemError(error)) };
    } finally {
      clearTimeout(watchdog);
      timer.dispose();
    }
  }

  /** POSTs the request; returns an OK response or throws a TandemError. */
  private async send(
    body: Record<string, unknown>,
    timer: AttemptTimer,
    signal: AbortSignal | undefined,
  ): Promise<Response> {
    timer.arm(this.firstByteTimeoutMs, () =>
      firstByteTimeoutError(Math.round(this.firstByteTimeoutMs / 100) / 10),
    );
    const url = `${this.root}/chat/completions`;
    let response: Response;
    try {
      response = await this.fetchFn(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...authHeaders(this.apiKey) },
        body: JSON.stringify(body),
        signal: timer.signal,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw timer.timedOut ?? requestFailedError(new URL(url), this.page, error);
    }
    timer.disarm();
    if (response.ok) return response;
    const text = await response.text().catch(() => '');
    throw mapServerError(response.status, text, {
      retryAfter: response.headers.get('retry-after'),
      model: this.model,
      apiKey: this.apiKey,
    });
  }
}
