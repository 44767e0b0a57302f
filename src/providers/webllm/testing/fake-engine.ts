/**
 * A fake WebLLM engine with the same surface as `MLCEngineInterface` as far as Tandem uses it
 * (`chat.completions.create` streaming, `interruptGenerate`, `reload`, `unload`, `getMessage`,
 * `resetChat`, `runtimeStatsText`). Behaves like WebLLM 0.2.86's engine:
 *  - chunks carry `choices[0].delta.content`; the last content chunk carries `finish_reason`
 *    ('stop' | 'length' | 'abort'); with `stream_options.include_usage` one more chunk follows
 *    with `choices: []` and `usage` (incl. `usage.extra.prefill_tokens_per_s` etc.);
 *  - `interruptGenerate()` makes the running stream end at the next step with 'abort';
 *  - the iterator's `return()` ends the stream (WebWorkerMLCEngine sends completionStreamReturn).
 * Failures can be injected at load, at create, or after N chunks; `flattenErrors` rejects with
 * `err.toString()` strings exactly as `WebWorkerMLCEngine` does across the worker boundary.
 */
import type {
  ChatCompletionChunk,
  ChatCompletionRequestStreaming,
  CompletionUsage,
  InitProgressReport,
} from '@mlc-ai/web-llm';
import type { WebLLMEngineControl } from '../provider';
import { ModelNotLoadedError } from './webllm-errors';
import { estimateTokensFromChars } from '../../../core/tokens';

export interface FakeScript {
  /** Text pieces, one per decode step. */
  chunks: string[];
  /** ms before each chunk (and before the first, standing in for prefill). Default 1. */
  delayMs?: number;
  /** Finish reason of a normal end. Default 'stop'. */
  finishReason?: 'stop' | 'length';
  /** Usage numbers of the usage chunk; defaults are computed. `null`: send no usage chunk. */
  usage?: (Partial<Omit<CompletionUsage, 'extra'>> & { extra?: Partial<CompletionUsage['extra']> }) | null;
  /** Throw this when `create()` is called. */
  failOnCreate?: unknown;
  /** Throw `error` from `next()` after `afterChunks` chunks were delivered. */
  failAfter?: { afterChunks: number; error: unknown };
}

export interface FakeEngineOptions {
  script?: FakeScript | ((request: ChatCompletionRequestStreaming, call: number) => FakeScript);
  /** Reject with `String(err)` like WebWorkerMLCEngine does. Default false. */
  flattenErrors?: boolean;
  /** Throw this from `reload()`. */
  failOnReload?: unknown;
  reloadDelayMs?: number;
  /** Start loaded with this model (skip reload). */
  loadedModelId?: string | null;
  initProgressCallback?: (report: InitProgressReport) => void;
  /** Waits between chunks (default setTimeout); a benchmark passes a precise pacer. */
  sleep?: (ms: number) => Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class FakeMLCEngine implements WebLLMEngineControl {
  appConfig: { model_list: { model_id: string }[] } | null = null;
  logLevel: string | null = null;
  readonly requests: ChatCompletionRequestStreaming[] = [];
  interruptCalls = 0;
  /** Iterators closed through `return()` before they finished. */
  closedEarly = 0;
  /** Streams that ran to their end (normally, after an interrupt, or by failing). */
  completedStreams = 0;
  loadedModelId: string | null;
  private interruptSignal = false;
  private lastMessage = '';
  private readonly options: FakeEngineOptions;

  readonly chat: {
    completions: {
      create: (r: ChatCompletionRequestStreaming) => Promise<AsyncIterable<ChatCompletionChunk>>;
    };
  };

  constructor(options: FakeEngineOptions = {}) {
    this.options = options;
    this.loadedModelId = options.loadedModelId === undefined ? 'fake-model' : options.loadedModelId;
    this.chat = { completions: { create: (r) => this.create(r) } };
  }

  private fail(error: unknown): never {
    if (this.options.flattenErrors) throw String(error);
    throw error;
  }

  async reload(modelId: string | string[]): Promise<void> {
    const id = Array.isArray(modelId) ? (modelId[0] ?? '') : modelId;
    this.options.initProgressCallback?.({ progress: 0, timeElapsed: 0, text: 'Start to fetch params' });
    await sleep(this.options.reloadDelayMs ?? 1);
    if (this.options.failOnReload !== undefined) this.fail(this.options.failOnReload);
    this.loadedModelId = id;
    this.options.initProgressCallback?.({
      progress: 1,
      timeElapsed: 0.01,
      text: 'Finish loading on WebGPU - fake',
    });
  }

  async unload(): Promise<void> {
    this.loadedModelId = null;
  }

  interruptGenerate(): void {
    this.interruptCalls++;
    this.interruptSignal = true;
  }

  async getMessage(): Promise<string> {
    return this.lastMessage;
  }

  async resetChat(): Promise<void> {
    this.lastMessage = '';
  }

  /** MLCEngineInterface.setAppConfig: WebLLM's worker handler forwards it on every engine creation. */
  setAppConfig(config: { model_list: { model_id: string }[] }): void {
    this.appConfig = config;
  }

  /** MLCEngineInterface.setLogLevel, forwarded the same way. */
  setLogLevel(level: string): void {
    this.logLevel = level;
  }

  async runtimeStatsText(): Promise<string> {
    return 'prefill: 100.0 tok/s, decode: 20.0 tok/s';
  }

  /** `MLCEngine.chatCompletion`, what `WebWorkerMLCEngineHandler` calls inside the worker. */
  chatCompletion(request: ChatCompletionRequestStreaming): Promise<AsyncIterable<ChatCompletionChunk>> {
    return this.create(request);
  }

  private async create(request: ChatCompletionRequestStreaming): Promise<AsyncIterable<ChatCompletionChunk>> {
    this.requests.push(request);
    const call = this.requests.length;
    if (this.loadedModelId === null) this.fail(new ModelNotLoadedError('ChatCompletionRequest'));
    const script =
      typeof this.options.script === 'function'
        ? this.options.script(request, call)
        : (this.options.script ?? { chunks: ['Hello', ' world'] });
    if (script.failOnCreate !== undefined) this.fail(script.failOnCreate);
    const model = this.loadedModelId ?? 'fake-model';
    return this.generate(request, script, model);
  }

  private generate(
    request: ChatCompletionRequestStreaming,
    script: FakeScript,
    model: string,
  ): AsyncIterable<ChatCompletionChunk> {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the generator below needs the engine's state
    const engine = this;
    const includeUsage = request.stream_options?.include_usage === true;
    const delay = script.delayMs ?? 1;
    const promptChars = request.messages.reduce(
      (n, m) => n + (typeof m.content === 'string' ? m.content.length : 0),
      0,
    );
    const chunkBase = {
      id: `fake-${Date.now()}`,
      created: Math.floor(Date.now() / 1000),
      model,
      object: 'chat.completion.chunk' as const,
    };

    async function* run(): AsyncGenerator<ChatCompletionChunk, void, undefined> {
      engine.interruptSignal = false;
      engine.lastMessage = '';
      let delivered = 0;
      let finished = false;
      let threw = false;
      const maxTokens = request.max_tokens ?? Infinity;
      try {
        let reason: 'stop' | 'length' | 'abort' = script.finishReason ?? 'stop';
        await (engine.options.sleep ?? sleep)(delay); // prefill
        for (const text of script.chunks) {
          if (engine.interruptSignal) {
            reason = 'abort';
            break;
          }
          if (script.failAfter && delivered >= script.failAfter.afterChunks)
            engine.fail(script.failAfter.error);
          if (delivered >= maxTokens) {
            reason = 'length';
            break;
          }
          engine.lastMessage += text;
          delivered++;
          yield {
            ...chunkBase,
            choices: [
              { index: 0, delta: { role: 'assistant', content: text }, finish_reason: null, logprobs: null },
            ],
          } as ChatCompletionChunk;
          await (engine.options.sleep ?? sleep)(delay);
        }
        if (engine.interruptSignal) reason = 'abort';
        if (script.failAfter && delivered >= script.failAfter.afterChunks && reason !== 'abort')
          engine.fail(script.failAfter.error);
        yield {
          ...chunkBase,
          choices: [
            { index: 0, delta: { role: 'assistant', content: '' }, finish_reason: reason, logprobs: null },
          ],
        } as ChatCompletionChunk;
        if (includeUsage && script.usage !== null) {
          const u = script.usage ?? {};
          const prompt = u.prompt_tokens ?? estimateTokensFromChars(promptChars);
          const completion = u.completion_tokens ?? delivered;
          const usage: CompletionUsage = {
            prompt_tokens: prompt,
            completion_tokens: completion,
            total_tokens: prompt + completion,
            extra: {
              e2e_latency_s: u.extra?.e2e_latency_s ?? 0.01,
              prefill_tokens_per_s: u.extra?.prefill_tokens_per_s ?? 250,
              decode_tokens_per_s: u.extra?.decode_tokens_per_s ?? 42,
              time_to_first_token_s: u.extra?.time_to_first_token_s ?? 0.004,
              time_per_output_token_s: u.extra?.time_per_output_token_s ?? 0.024,
            },
          };
          yield { ...chunkBase, choices: [], usage } as ChatCompletionChunk;
        }
        finished = true;
      } catch (error) {
        threw = true;
        throw error;
      } finally {
        if (finished || threw) engine.completedStreams++;
        else engine.closedEarly++;
      }
    }
    return run();
  }
}
