/**
 * Sentence embeddings with transformers.js (the `feature-extraction` model, mean pooling,
 * normalised). Lives inside `embed.worker.ts`; shares the model cache and wasm set-up with the
 * chat engine. Each text is cut to `maxTokens` word pieces (256: what all-MiniLM-L6-v2 was
 * trained on; attention cost grows with the square of the length beyond it).
 */
import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import { IndexedDbModelCache } from '../../platform/db/model-files';
import { TandemError, abortError } from '../../core/errors';
import type { EmbedLoadParams, EmbedLoadResult, EmbedResult } from '../../platform/protocol/embed';
import { mapTransformersError } from '../../providers/transformers/errors';
import type { FileProgress } from '../../core/provider';
import { beginLoad, loadStats, type Transformers } from '../../providers/transformers/env';
import { damagedFiles } from '../../platform/db/model-verify';

/** What the user reads when the embedding model's stored files are not what the host sent. */
export function damagedMessage(files: readonly string[]): string {
  const which = files.length > 0 ? ` (${files.join(', ')})` : '';
  return `The embedding model's files are damaged${which}: re-download them.`;
}

/** sentence-transformers' max_seq_length for all-MiniLM-L6-v2 (and the other catalog models' floor). */
export const DEFAULT_MAX_TOKENS = 256;

export class EmbeddingEngine {
  private extractor: FeatureExtractionPipeline | null = null;
  private library: Transformers | null = null;
  private loaded: EmbedLoadParams | null = null;
  private maxTokens = DEFAULT_MAX_TOKENS;
  readonly cache = new IndexedDbModelCache();

  async load(
    params: EmbedLoadParams,
    onProgress: (progress: FileProgress) => void,
    signal: AbortSignal,
  ): Promise<EmbedLoadResult> {
    const start = await beginLoad(params, this.cache, onProgress, () => this.unload());
    const t = start.t;
    let dimensions: number;
    // The model is small: its stored files are checked against the sha256 recorded on arrival
    // on every load, so damaged bytes are named instead of scoring garbage (or NaN) forever.
    const damaged = await damagedFiles(this.cache, params.repo);
    if (damaged.length > 0) {
      if (!params.repair) {
        throw new TandemError('damaged-file', damagedMessage(damaged.map((f) => f.file)), {
          retryable: true,
          details: { files: damaged.map((f) => f.file).join(', ') },
        });
      }
      await this.cache.deleteKeys(damaged.map((f) => f.key));
    } else if (params.repair) {
      // Damaged without a recorded sha256 (its output was not a number): download it all again.
      await this.cache.deleteModel(params.repo);
    }
    try {
      // config.json first, alone: a model the host lacks fails on one request, with no other
      // downloads left in flight; once stored, the pipeline reads it from the cache.
      await t.AutoConfig.from_pretrained(params.repo, { progress_callback: start.progress });
      const pipe = (await t.pipeline('feature-extraction', params.repo, {
        device: params.device,
        dtype: params.dtype as never,
        progress_callback: start.progress,
        ...(params.sessionOptions ? { session_options: params.sessionOptions } : {}),
      })) as FeatureExtractionPipeline;
      if (signal.aborted) {
        await pipe.dispose();
        throw abortError();
      }
      this.extractor = pipe;
      this.library = t;
      this.loaded = params;
      this.maxTokens = Math.min(params.maxTokens ?? DEFAULT_MAX_TOKENS, pipe.tokenizer.model_max_length);
      if (this.cache.stats.damaged) throw this.cache.stats.damaged;
      // One probe run: checks the model works, learns the embedding size, warms the kernels up.
      const probe = (await this.run(['ok'])).vectors[0] ?? [];
      if (probe.length === 0 || !probe.every(Number.isFinite)) {
        throw new TandemError('damaged-file', damagedMessage([]), { retryable: true });
      }
      dimensions = probe.length;
    } catch (error) {
      await this.unload();
      throw mapTransformersError(error, params);
    }
    return {
      repo: params.repo,
      device: params.device,
      dtype: params.dtype ?? null,
      ...loadStats(start, this.cache),
      dimensions,
      maxTokens: this.maxTokens,
    };
  }

  async embed(texts: string[]): Promise<EmbedResult> {
    const started = performance.now();
    try {
      const { vectors, tokens } = await this.run(texts);
      const ms = performance.now() - started;
      return { vectors, ms, tokens };
    } catch (error) {
      throw mapTransformersError(error, this.loaded);
    }
  }

  /**
   * The pipeline's own steps, with the inputs cut to `maxTokens` word pieces; also the number of
   * word pieces the model saw (for the metrics), read from the same tokenization.
   */
  private async run(texts: string[]): Promise<{ vectors: number[][]; tokens: number }> {
    const extractor = this.extractor;
    const t = this.library;
    if (!extractor || !t) {
      throw new TandemError('model-load-failed', 'The embedding model is not loaded.', { retryable: true });
    }
    if (texts.length === 0) return { vectors: [], tokens: 0 };
    const inputs = extractor.tokenizer(texts, {
      padding: true,
      truncation: true,
      max_length: this.maxTokens,
    });
    const outputs = (await extractor.model(inputs)) as Record<string, InstanceType<Transformers['Tensor']>>;
    const hidden = outputs.last_hidden_state ?? outputs.logits ?? outputs.token_embeddings;
    if (!hidden) throw new TandemError('generation-failed', 'The embedding model returned no hidden states.');
    const pooled = t.mean_pooling(hidden, inputs.attention_mask).normalize(2, -1);
    const rows = pooled.tolist() as number[][];
    for (const tensor of Object.values(outputs)) tensor.dispose?.();
    pooled.dispose?.();
    let tokens = 0;
    for (const x of Array.from(inputs.attention_mask.data as ArrayLike<number | bigint>)) tokens += Number(x);
    return { vectors: rows, tokens };
  }

  async unload(): Promise<void> {
    const current = this.extractor;
    this.extractor = null;
    this.loaded = null;
    await current?.dispose();
  }
}
