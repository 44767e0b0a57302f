/**
 * Runs a chat model with transformers.js `text-generation`, or `text2text-generation` for
 * encoder-decoder models (T5; chat-task.ts). Lives inside `llm.worker.ts`; the page talks to it
 * only through the typed protocol in `protocol/llm.ts`.
 */
import type { TextGenerationPipeline } from '@huggingface/transformers';
import { IndexedDbModelCache } from '../../platform/db/model-files';
import { TandemError, abortError } from '../../core/errors';
import type { GenerateParams, GenerateResult, LoadParams, LoadResult } from '../../platform/protocol/llm';
import type { FileProgress, StreamPart } from '../../core/provider';
import { mapTransformersError } from './errors';
import { beginLoad, loadStats, loadTransformers } from './env';
import { estimateTokens } from '../../core/tokens';
import { watchDownloadFailures } from './download-failures';
import { promptOpensThinking, ThinkSplitter } from './think-splitter';
import { filesOfModel, manifestKey } from '../../platform/db/model-manifest';
import { readManifest, writeManifest } from '../../platform/db/model-manifest-store';
import { chatTaskOf, isCompletionModel, pipelineInput, type ChatTask } from './chat-task';

export class TransformersEngine {
  private generator: TextGenerationPipeline | null = null;
  private loaded: LoadParams | null = null;
  private task: ChatTask = 'text-generation';
  /** No chat template: the model continues the text (chat-task.ts). */
  private completion = false;
  readonly cache = new IndexedDbModelCache();

  async load(
    params: LoadParams,
    onProgress: (progress: FileProgress) => void,
    signal: AbortSignal,
  ): Promise<LoadResult> {
    const start = await beginLoad(params, this.cache, onProgress, () => this.unload());
    // Until this load ends well the model counts as partial (its graph may arrive before its
    // external-data chunks): see platform/db/model-manifest.ts.
    const before = await readManifest(params.repo).catch(() => null);
    if (!before?.complete)
      await writeManifest(params.repo, { complete: false, files: [] }).catch(() => undefined);
    const failures = watchDownloadFailures();
    try {
      // config.json says whether this is an encoder-decoder (it is fetched once: the pipeline gets it).
      const config = await start.t.AutoConfig.from_pretrained(params.repo, {
        progress_callback: start.progress,
      });
      const task = chatTaskOf(config as never);
      const loading = start.t.pipeline(task, params.repo, {
        config,
        device: params.device,
        dtype: params.dtype as never,
        ...(params.modelFileName && task === 'text-generation'
          ? { model_file_name: params.modelFileName }
          : {}),
        ...(params.externalDataChunks !== undefined
          ? { use_external_data_format: params.externalDataChunks }
          : {}),
        progress_callback: start.progress,
      });
      // A failed external-data chunk never settles `loading` (download-failures.ts).
      loading.catch(() => undefined); // when the failure wins, a later rejection is expected
      const pipe = await Promise.race([loading, failures.failure]);
      if (signal.aborted) {
        await pipe.dispose();
        throw abortError();
      }
      if (this.cache.stats.quotaExceeded) {
        // transformers.js logs a failed cache write and carries on; the model would then
        // download again on every load. Say so instead, and free what this load stored.
        await pipe.dispose();
        throw this.cache.stats.quotaExceeded;
      }
      if (this.cache.stats.damaged) {
        // A file arrived with bytes other than the host's sha256: it was not stored, and a model
        // built from it would answer garbage. The next load downloads it again.
        await pipe.dispose();
        throw this.cache.stats.damaged;
      }
      this.generator = pipe as TextGenerationPipeline;
      this.loaded = params;
      this.task = task;
      this.completion = isCompletionModel(task, this.generator.tokenizer.chat_template);
      const used = filesOfModel([...this.cache.stats.hits, ...this.cache.stats.stores], params.repo);
      const sha256 = await this.cache.sha256Of(params.repo, used).catch(() => ({}));
      await writeManifest(params.repo, { complete: true, files: used, sha256 }).catch(() => undefined);
    } catch (error) {
      const quota = this.cache.stats.quotaExceeded;
      if (quota) {
        // The pending manifest goes too: nothing of this download is left to describe.
        const stored = [...this.cache.stats.stores, manifestKey(params.repo)];
        const freed = await this.cache.deleteKeys(stored).catch(() => 0);
        throw new TandemError(
          'quota-exceeded',
          `${quota.message} The partial download (${this.cache.stats.stores.size} file(s), ${freed} bytes) was removed.`,
          { details: { remedy: 'free-storage', freedBytes: freed } },
        );
      }
      throw mapTransformersError(error, params);
    } finally {
      failures.stop();
    }
    return {
      repo: params.repo,
      device: params.device,
      dtype: params.dtype ?? null,
      ...loadStats(start, this.cache),
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
      ...(this.completion ? { textCompletion: true } : {}),
    };
  }

  async generate(
    params: GenerateParams,
    emit: (part: StreamPart) => void,
    signal: AbortSignal,
  ): Promise<GenerateResult> {
    const generator = this.generator;
    if (!generator) {
      throw new TandemError('model-load-failed', 'No model is loaded. Load a model on the Models page.', {
        retryable: true,
      });
    }
    const t = await loadTransformers();
    const started = performance.now();
    let firstTokenAt: number | null = null;
    let outputTokens = 0;
    const stopper = new t.InterruptableStoppingCriteria();
    const onAbort = (): void => stopper.interrupt();
    signal.addEventListener('abort', onAbort, { once: true });

    // Qwen3-style reasoning goes to the Thinking section, never into the answer (think-splitter.ts).
    const thinking = params.settings.thinking ?? true;
    const splitter = new ThinkSplitter({
      startInThinking:
        this.task === 'text-generation' &&
        !this.completion &&
        this.promptOpensThinking(generator, params, thinking),
    });
    const emitText = (text: string): void => {
      for (const part of splitter.push(text)) emit(part);
    };
    const streamer = new t.TextStreamer(generator.tokenizer, {
      skip_prompt: true,
      skip_special_tokens: true,
      callback_function: (text: string) => {
        if (!text) return;
        firstTokenAt ??= performance.now();
        emitText(text);
      },
      token_callback_function: () => {
        outputTokens += 1;
      },
    });

    const input = pipelineInput(
      this.task,
      params.messages,
      generator.tokenizer.model_max_length,
      this.completion,
    );
    const inputTokens =
      typeof input === 'string'
        ? generator.tokenizer.encode(input).length
        : this.countPromptTokens(generator, params);
    try {
      const sampling = params.settings.temperature > 0;
      await generator(
        input as never,
        {
          max_new_tokens: params.settings.maxTokens,
          do_sample: sampling,
          temperature: sampling ? params.settings.temperature : undefined,
          top_p: sampling ? params.settings.topP : undefined,
          streamer,
          stopping_criteria: [stopper] as never,
          // Chat templates with a thinking switch (Qwen3) read it; others ignore the variable.
          ...(this.task === 'text-generation'
            ? { tokenizer_encode_kwargs: { enable_thinking: thinking } }
            : {}),
        } as never,
      );
      for (const part of splitter.end()) emit(part);
    } catch (error) {
      throw mapTransformersError(error, this.loaded);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    const end = performance.now();
    const decodeSeconds = firstTokenAt === null ? 0 : (end - firstTokenAt) / 1000;
    emit({
      type: 'finish',
      reason: signal.aborted ? 'aborted' : outputTokens >= params.settings.maxTokens ? 'length' : 'stop',
      usage: { inputTokens, outputTokens },
      timings: {
        timeToFirstTokenMs: firstTokenAt === null ? null : firstTokenAt - started,
        totalMs: end - started,
        tokensPerSecond: decodeSeconds > 0 && outputTokens > 1 ? (outputTokens - 1) / decodeSeconds : null,
        prefillTokensPerSecond:
          firstTokenAt === null ? null : inputTokens / Math.max(1e-3, (firstTokenAt - started) / 1000),
      },
    });
    return { inputTokens, outputTokens };
  }

  /** Whether the chat template itself opens a `<think>` block at the start of the answer. */
  private promptOpensThinking(
    generator: TextGenerationPipeline,
    params: GenerateParams,
    thinking: boolean,
  ): boolean {
    try {
      const prompt = generator.tokenizer.apply_chat_template(
        params.messages as never,
        {
          add_generation_prompt: true,
          tokenize: false,
          enable_thinking: thinking,
        } as never,
      ) as unknown;
      return typeof prompt === 'string' && promptOpensThinking(prompt);
    } catch {
      return false;
    }
  }

  private countPromptTokens(generator: TextGenerationPipeline, params: GenerateParams): number {
    try {
      const ids = generator.tokenizer.apply_chat_template(
        params.messages as never,
        {
          enable_thinking: params.settings.thinking ?? true,
          add_generation_prompt: true,
          tokenize: true,
          return_tensor: false,
        } as never,
      ) as unknown as number[];
      return Array.isArray(ids) ? ids.length : 0;
    } catch {
      return 0;
    }
  }

  countTokens(text: string): number {
    if (!this.generator) return estimateTokens(text);
    return this.generator.tokenizer.encode(text).length;
  }

  async unload(): Promise<void> {
    const current = this.generator;
    this.generator = null;
    this.loaded = null;
    this.task = 'text-generation';
    await current?.dispose();
  }
}
