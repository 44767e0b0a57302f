/**
 * LLMLingua-2 inside `compress.worker.ts`: `@atjsh/llmlingua-2` (token classification with a
 * BERT-multilingual LLMLingua-2 model through transformers.js), with the same model host,
 * IndexedDB model cache and app-served wasm as every other model.
 */
import type { LLMLingua2 } from '@atjsh/llmlingua-2';
import { IndexedDbModelCache } from '../../platform/db/model-files';
import { TandemError } from '../../core/errors';
import type {
  CompressLoadParams,
  CompressLoadResult,
  CompressTextsResult,
} from '../../platform/protocol/compress';
import { mapTransformersError } from '../../providers/transformers/errors';
import type { FileProgress } from '../../core/provider';
import { beginLoad, loadStats } from '../../providers/transformers/env';

export class CompressionEngine {
  private compressor: LLMLingua2.PromptCompressor | null = null;
  readonly cache = new IndexedDbModelCache();

  async load(params: CompressLoadParams, onProgress: (p: FileProgress) => void): Promise<CompressLoadResult> {
    const start = await beginLoad({ ...params, device: 'wasm' }, this.cache, onProgress);
    const progress_callback = start.progress;
    try {
      const [{ LLMLingua2 }, { Tiktoken }, ranks] = await Promise.all([
        import('@atjsh/llmlingua-2'),
        import('js-tiktoken/lite'),
        import('js-tiktoken/ranks/cl100k_base'),
      ]);
      const { promptCompressor } = await LLMLingua2.WithBERTMultilingual(params.repo, {
        transformerJSConfig: { device: 'wasm', dtype: 'fp32' },
        // Counts tokens for the rate; only the ratio matters, so any BPE vocabulary will do.
        oaiTokenizer: new Tiktoken(ranks.default),
        modelSpecificOptions: { subfolder: params.subfolder, progress_callback },
        pretrainedTokenizerOptions: { progress_callback },
        pretrainedConfig: null,
      });
      this.compressor = promptCompressor;
    } catch (error) {
      throw mapTransformersError(error, null);
    }
    const { loadMs, filesFromCache, filesDownloaded } = loadStats(start, this.cache);
    return { repo: params.repo, loadMs, filesFromCache, filesDownloaded };
  }

  async compress(texts: string[], rate: number): Promise<CompressTextsResult> {
    const compressor = this.compressor;
    if (!compressor) {
      throw new TandemError('model-load-failed', 'The compression model is not loaded.', { retryable: true });
    }
    const started = performance.now();
    const out: string[] = [];
    for (const text of texts) {
      out.push(text.trim() ? await compressor.compress(text, { rate, forceReserveDigit: true }) : text);
    }
    return { texts: out, ms: performance.now() - started };
  }
}
