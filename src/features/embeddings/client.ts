/**
 * Page side of the embedding worker: owns the worker, loads a model and implements the health
 * tracker's `Embedder` over the typed RPC. A new worker per load frees the previous model.
 */
import { TandemError } from '../../core/errors';
import type { Embedder } from '../../core/embedder';
import { LOAD_FIELDS, loadResultFields, measured } from '../../core/measure';
import type { EmbedPurpose, OperationSink } from '../../core/operations';
import type { EmbedLoadParams, EmbedLoadResult, EmbedMethods } from '../../platform/protocol/embed';
import type { FileProgress } from '../../core/provider';
import { RpcClient } from '../../platform/rpc/client';

export type EmbedWorkerFactory = () => Worker;

export const createEmbedWorker: EmbedWorkerFactory = () =>
  new Worker(new URL('./embed.worker.ts', import.meta.url), {
    type: 'module',
    name: 'tandem-embed',
  });

export class EmbeddingClient implements Embedder {
  private client: RpcClient<EmbedMethods> | null = null;
  private info: EmbedLoadResult | null = null;

  /**
   * `onOperation` receives one measurement per load and per embedding batch (fire and forget:
   * it must not throw or block; see metrics/recorder.ts).
   */
  constructor(
    private readonly createWorker: EmbedWorkerFactory = createEmbedWorker,
    private readonly options: { onOperation?: OperationSink } = {},
  ) {}

  async load(
    params: EmbedLoadParams,
    options: { onProgress?: (progress: FileProgress) => void; signal?: AbortSignal } = {},
  ): Promise<EmbedLoadResult> {
    this.dispose();
    const client = new RpcClient<EmbedMethods>(this.createWorker(), 'embedding worker');
    this.client = client;
    try {
      this.info = await measured(
        this.options.onOperation,
        { ...LOAD_FIELDS, modelId: params.repo, backend: params.device },
        () => client.call('load', params, { onEvent: options.onProgress, signal: options.signal }),
        loadResultFields,
      );
      return this.info;
    } catch (error) {
      if (this.client === client) this.dispose();
      throw error;
    }
  }

  async embed(texts: string[], purpose: EmbedPurpose = 'health'): Promise<Float32Array[]> {
    const client = this.client;
    const info = this.info;
    if (!client || !info) {
      throw new TandemError('model-load-failed', 'The embedding model is not loaded.', { retryable: true });
    }
    const { vectors } = await measured(
      this.options.onOperation,
      {
        kind: 'embedding',
        modelId: info.repo,
        backend: info.device,
        detail: purpose,
        items: texts.length,
        tokensIn: null,
        tokensOut: null,
        bytes: null,
        route: null,
      },
      () => client.call('embed', { texts }),
      (result) => ({ tokensIn: result.tokens ?? null }),
    );
    return vectors.map((v) => Float32Array.from(v));
  }

  dispose(): void {
    this.client?.terminate();
    this.client = null;
    this.info = null;
  }
}
