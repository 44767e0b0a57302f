/**
 * Sentence embeddings with transformers.js `feature-extraction` (mean pooling, normalised).
 * Lives inside `embed.worker.ts`; shares the model cache and wasm set-up with the chat engine.
 */
import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import { IndexedDbModelCache } from '../db/model-files';
import { TandemError, abortError } from '../errors';
import type { EmbedLoadParams, EmbedLoadResult, EmbedResult } from '../protocol/embed';
import { mapTransformersError } from '../providers/transformers/errors';
import { ProgressTracker, type RawProgress } from '../providers/transformers/progress';
import type { FileProgress } from '../providers/types';
import { configureTransformers, loadTransformers, wasmThreads } from '../transformers/env';

export class EmbeddingEngine {
  private extractor: FeatureExtractionPipeline | null = null;
  private loaded: EmbedLoadParams | null = null;
  readonly cache = new IndexedDbModelCache();

  async load(
    params: EmbedLoadParams,
    onProgress: (progress: FileProgress) => void,
    signal: AbortSignal,
  ): Promise<EmbedLoadResult> {
    const started = performance.now();
    const t = await loadTransformers();
    configureTransformers(t, params, this.cache);
    await this.unload();
    const tracker = new ProgressTracker(onProgress);
    this.cache.resetStats();
    let dimensions: number;
    try {
      // config.json first, alone: a model the host lacks fails on one request, with no other
      // downloads left in flight; once stored, the pipeline reads it from the cache.
      await t.AutoConfig.from_pretrained(params.repo, {
        progress_callback: (raw: unknown) => tracker.update(raw as RawProgress),
      });
      const pipe = (await t.pipeline('feature-extraction', params.repo, {
        device: params.device,
        dtype: params.dtype as never,
        progress_callback: (raw: unknown) => tracker.update(raw as RawProgress),
      })) as FeatureExtractionPipeline;
      if (signal.aborted) {
        await pipe.dispose();
        throw abortError();
      }
      this.extractor = pipe;
      this.loaded = params;
      // One probe run: checks the model works and learns the embedding size.
      dimensions = (await this.run(['ok']))[0]?.length ?? 0;
    } catch (error) {
      await this.unload();
      throw mapTransformersError(error, params);
    }
    return {
      repo: params.repo,
      device: params.device,
      dtype: params.dtype ?? null,
      loadMs: performance.now() - started,
      filesFromCache: this.cache.filesFromCache,
      filesDownloaded: this.cache.stats.stores.size,
      dimensions,
      wasmThreads: wasmThreads(t),
    };
  }

  async embed(texts: string[]): Promise<EmbedResult> {
    const started = performance.now();
    try {
      const vectors = await this.run(texts);
      const ms = performance.now() - started;
      const tokens = this.countTokens(texts);
      return tokens === null ? { vectors, ms } : { vectors, ms, tokens };
    } catch (error) {
      throw mapTransformersError(error, this.loaded);
    }
  }

  /** Word pieces the model saw (for the metrics); null when the tokenizer cannot say. */
  private countTokens(texts: string[]): number | null {
    try {
      if (!this.extractor || texts.length === 0) return 0;
      const encoded = this.extractor.tokenizer(texts, { padding: true, truncation: true }) as {
        attention_mask: { data: ArrayLike<number | bigint> };
      };
      let sum = 0;
      for (const x of Array.from(encoded.attention_mask.data)) sum += Number(x);
      return sum;
    } catch {
      return null;
    }
  }

  private async run(texts: string[]): Promise<number[][]> {
    const extractor = this.extractor;
    if (!extractor) {
      throw new TandemError('model-load-failed', 'The embedding model is not loaded.', { retryable: true });
    }
    if (texts.length === 0) return [];
    const output = await extractor(texts, { pooling: 'mean', normalize: true });
    const rows = output.tolist() as number[][];
    output.dispose?.();
    return rows;
  }

  async unload(): Promise<void> {
    const current = this.extractor;
    this.extractor = null;
    this.loaded = null;
    await current?.dispose();
  }
}
