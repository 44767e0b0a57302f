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
import { TandemError, serializeError, toTandemError } from '../../core/errors';
import type {
  ChatProvider,
  FinishReason,
  GenerateRequest,
  StreamPart,
  Timings,
  Usage,
} from '../../core/provider';
import { mapStopReason, refusalMessage, toMessagesBody } from './mappers';
import { type ConversationMessage, type ToolResult } from './api-types';
import { checkClaudeKey, type CheckKeyResult } from './check-key';
import { connectionCutError, offlineError } from './connection-errors';
import { sendWithRetries, type SendDeps } from './send';
import { backoffMs, defaultIsOnline, defaultSleep, retryDelayMs } from './retry';
import { type ClaudeProviderConfig } from './config';
import { ANTHROPIC_VERSION, DEFAULT_CLAUDE_BASE_URL } from './defaults';
import { readRound, type RoundClock } from './round';
import { idleTimeoutError } from './timeouts';
import type { ToolRegistry } from './tools';
import { estimateTokensFromChars } from '../../core/tokens';
import { normaliseHttpUrl } from '../../core/url';

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
        const { response, timer } = yield* sendWithRetries(this.sendDeps(), body, signal);
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

  /** The request's retries, with this provider's settings (`send.ts`). */
  private sendDeps(): SendDeps {
    return {
      fetch: this.fetchFn,
      url: `${this.baseUrl}/v1/messages`,
      headers: () => this.headers(true),
      endpointOrigin: this.endpointOrigin,
      model: this.model,
      apiKey: this.apiKey,
      isOnline: this.isOnline,
      firstByteTimeoutMs: this.firstByteTimeoutMs,
      maxRetries: this.maxRetries,
      sleep: this.sleep,
      backoff: (attempt) => this.backoff(attempt),
      retryDelay: (response, attempt) => this.retryDelay(response, attempt),
    };
  }

  private backoff(attempt: number): number {
    return backoffMs(attempt, this.retryBaseDelayMs, this.maxRetryDelayMs);
  }

  /** ms to wait before the next attempt; null when the server asks for longer than allowed. */
  private retryDelay(response: Response, attempt: number): number | null {
    return retryDelayMs(response.headers, this.backoff(attempt), this.maxRetryDelayMs);
  }

  private cutError(cause: unknown, requestId: string | null): TandemError {
    return this.isOnline() ? connectionCutError(cause, requestId) : offlineError();
  }

  /** For the Settings "check key" button (`check-key.ts`: free `GET /v1/models`, else a 1-token probe). */
  checkKey(signal?: AbortSignal): Promise<CheckKeyResult> {
    return checkClaudeKey(
      {
        fetch: this.fetchFn,
        baseUrl: this.baseUrl,
        headers: (json) => this.headers(json),
        model: this.model,
        apiKey: this.apiKey,
        isOnline: this.isOnline,
      },
      signal,
    );
  }
}
