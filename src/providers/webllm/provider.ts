/**
 * WebLLM behind Tandem's ChatProvider interface.
 *
 * Takes any object with the part of WebLLM's `MLCEngineInterface` it uses, so the real
 * `WebWorkerMLCEngine` (see client.ts) and the fake in `testing/` are interchangeable.
 *
 * Stop: on abort it calls `interruptGenerate()` at once and ends the stream with reason
 * 'aborted' without waiting for the engine; the engine's iterator is closed in the background
 * (which releases WebLLM's per-model lock so the next request can run).
 *
 * Usage and speed come from the final chunk's `usage` (`stream_options.include_usage`):
 * `prompt_tokens`, `completion_tokens` and WebLLM's `usage.extra.prefill_tokens_per_s` /
 * `decode_tokens_per_s`. When the engine sends no usage (or stopped early) they are computed
 * from the chunks and the clock. Note: when WebLLM reuses its KV cache across turns,
 * `prompt_tokens` counts only the new part of the prompt.
 */
import type {
  ChatCompletionChunk,
  ChatCompletionMessageParam,
  ChatCompletionRequestStreaming,
  CompletionUsage,
} from '@mlc-ai/web-llm';
import { isAbortError, serializeError } from '../../core/errors';
import type {
  ChatMessage,
  ChatProvider,
  FinishReason,
  GenerateRequest,
  StreamPart,
  Timings,
  Usage,
} from '../../core/provider';
import { estimateTokens, type TokenCounter } from '../../core/tokens';
import { mapWebLLMError } from './errors';
import { type WebLLMErrorContext } from './error-rules';

/** The part of WebLLM's `MLCEngineInterface` the provider uses. */
export interface WebLLMEngineLike {
  chat: {
    completions: {
      create(request: ChatCompletionRequestStreaming): Promise<AsyncIterable<ChatCompletionChunk>>;
    };
  };
  interruptGenerate(): void;
}

/** The part used by whoever manages the engine's lifetime (client / state layer). */
export interface WebLLMEngineControl extends WebLLMEngineLike {
  reload(modelId: string | string[]): Promise<void>;
  unload(): Promise<void>;
  getMessage?(modelId?: string): Promise<string>;
  resetChat?(keepStats?: boolean, modelId?: string): Promise<void>;
  runtimeStatsText?(modelId?: string): Promise<string>;
}

export interface WebLLMProviderOptions {
  engine: WebLLMEngineLike;
  modelId: string;
  label?: string;
  /** Used for usage estimates when the engine reports none (e.g. after a stop). */
  countTokens?: TokenCounter;
  /** Extra context for error messages (suggested smaller / f32 models, online state). */
  errorContext?: Omit<WebLLMErrorContext, 'modelId' | 'phase'>;
  /** Clock in ms; injectable for tests. */
  now?: () => number;
}

const FINISH_MAP: Record<string, FinishReason> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool-calls',
  abort: 'aborted',
};

/**
 * WebLLM wants at most one system message, first. Several system messages are joined into one.
 */
export function toWebLLMMessages(messages: readonly ChatMessage[]): ChatCompletionMessageParam[] {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content);
  const rest = messages.filter((m) => m.role !== 'system');
  const out: ChatCompletionMessageParam[] = [];
  if (system.length > 0) out.push({ role: 'system', content: system.join('\n\n') });
  for (const m of rest) {
    out.push(
      m.role === 'user' ? { role: 'user', content: m.content } : { role: 'assistant', content: m.content },
    );
  }
  return out;
}

function positive(n: unknown): number | null {
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : null;
}

export class WebLLMProvider implements ChatProvider {
  readonly kind = 'webllm' as const;
  readonly label: string;
  readonly modelId: string;
  private readonly engine: WebLLMEngineLike;
  private readonly countTokens: TokenCounter;
  private readonly errorContext: Omit<WebLLMErrorContext, 'modelId' | 'phase'>;
  private readonly now: () => number;

  constructor(options: WebLLMProviderOptions) {
    this.engine = options.engine;
    this.modelId = options.modelId;
    this.label = options.label ?? `${options.modelId} (WebGPU)`;
    this.countTokens = options.countTokens ?? estimateTokens;
    this.errorContext = options.errorContext ?? {};
    this.now = options.now ?? (() => performance.now());
  }

  async *stream(request: GenerateRequest): AsyncGenerator<StreamPart, void, undefined> {
    const t0 = this.now();
    const signal = request.signal;
    let firstTokenAt: number | null = null;
    let deltaChunks = 0;
    let finishReason: FinishReason | null = null;
    let usage: CompletionUsage | null = null;
    let iterator: AsyncIterator<ChatCompletionChunk> | null = null;
    let settled = false; // the engine's stream ended by itself (done or threw)

    const estimateInput = () => request.messages.reduce((n, m) => n + this.countTokens(m.content), 0);
    const finish = (reason: FinishReason): StreamPart => {
      const end = this.now();
      const inputTokens = usage?.prompt_tokens ?? estimateInput();
      const outputTokens = usage?.completion_tokens ?? deltaChunks;
      const ttftMs = firstTokenAt === null ? null : firstTokenAt - t0;
      const decodeSec = firstTokenAt === null ? 0 : (end - firstTokenAt) / 1000;
      const timings: Timings = {
        timeToFirstTokenMs: ttftMs,
        totalMs: end - t0,
        tokensPerSecond:
          positive(usage?.extra?.decode_tokens_per_s) ??
          (outputTokens > 1 && decodeSec > 0 ? (outputTokens - 1) / decodeSec : null),
        prefillTokensPerSecond:
          positive(usage?.extra?.prefill_tokens_per_s) ??
          (ttftMs !== null && ttftMs > 0 && inputTokens > 0 ? inputTokens / (ttftMs / 1000) : null),
      };
      const u: Usage = { inputTokens, outputTokens };
      return { type: 'finish', reason, usage: u, timings };
    };

    if (signal?.aborted) {
      yield finish('aborted');
      return;
    }

    // Abort: interrupt the engine synchronously, and wake up whatever we are awaiting.
    let aborted = false;
    let wake: () => void = () => {};
    const abortPromise = new Promise<'aborted'>((resolve) => {
      wake = () => resolve('aborted');
    });
    const onAbort = () => {
      if (aborted) return;
      aborted = true;
      try {
        this.engine.interruptGenerate();
      } catch {
        // The engine may already be gone; nothing to interrupt.
      }
      wake();
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    const closeInBackground = (it: AsyncIterator<ChatCompletionChunk> | null) => {
      if (!it?.return) return;
      void Promise.resolve()
        .then(() => it.return?.())
        .catch(() => undefined);
    };

    try {
      const createPromise = this.engine.chat.completions.create({
        messages: toWebLLMMessages(request.messages),
        stream: true,
        stream_options: { include_usage: true },
        temperature: request.settings.temperature,
        top_p: request.settings.topP,
        max_tokens: request.settings.maxTokens,
        ...(request.settings.seed !== undefined ? { seed: request.settings.seed } : {}),
      });
      const created = await Promise.race([createPromise, abortPromise]);
      if (created === 'aborted') {
        // The stream may still arrive: close it when it does, so the engine's lock is freed.
        createPromise.then((s) => closeInBackground(s[Symbol.asyncIterator]())).catch(() => undefined);
        yield finish('aborted');
        return;
      }
      iterator = created[Symbol.asyncIterator]();

      while (true) {
        const nextPromise = iterator.next();
        const r = await Promise.race([nextPromise, abortPromise]);
        if (r === 'aborted') {
          nextPromise.catch(() => undefined);
          closeInBackground(iterator);
          yield finish('aborted');
          return;
        }
        if (r.done) {
          settled = true;
          break;
        }
        const chunk = r.value;
        const choice = chunk.choices[0];
        const text = choice?.delta?.content ?? '';
        if (text) {
          if (firstTokenAt === null) firstTokenAt = this.now();
          deltaChunks++;
          yield { type: 'text-delta', text };
          if (aborted) {
            closeInBackground(iterator);
            yield finish('aborted');
            return;
          }
        }
        if (choice?.finish_reason) finishReason = FINISH_MAP[choice.finish_reason] ?? 'stop';
        if (chunk.usage) usage = chunk.usage;
      }
      yield finish(aborted ? 'aborted' : (finishReason ?? 'stop'));
    } catch (error) {
      settled = true;
      if (aborted || isAbortError(error)) {
        yield finish('aborted');
        return;
      }
      const mapped = mapWebLLMError(error, {
        ...this.errorContext,
        modelId: this.modelId,
        phase: 'generate',
      });
      if (mapped.code === 'aborted') {
        yield finish('aborted');
        return;
      }
      yield { type: 'error', error: serializeError(mapped) };
    } finally {
      signal?.removeEventListener('abort', onAbort);
      // The consumer stopped iterating early (break / return): stop the engine too.
      if (!settled && !aborted) {
        try {
          this.engine.interruptGenerate();
        } catch {
          // ignore
        }
        closeInBackground(iterator);
      }
    }
  }
}
