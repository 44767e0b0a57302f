/**
 * Page side of the embedding worker: owns the worker, loads a model and implements the health
 * tracker's `Embedder` over the typed RPC. A new worker per load frees the previous model.
 */
import { TandemError } from '../errors';
import type { Embedder } from './types';
import type { EmbedLoadParams, EmbedLoadResult, EmbedMethods } from '../protocol/embed';
import type { FileProgress } from '../providers/types';
import { RpcClient } from '../rpc/client';

export type EmbedWorkerFactory = () => Worker;

export const createEmbedWorker: EmbedWorkerFactory = () =>
  new Worker(new URL('../workers/embed.worker.ts', import.meta.url), {
    type: 'module',
    name: 'tandem-embed',
  });

export class EmbeddingClient implements Embedder {
  private client: RpcClient<EmbedMethods> | null = null;
  private info: EmbedLoadResult | null = null;

  constructor(private readonly createWorker: EmbedWorkerFactory = createEmbedWorker) {}

  get loaded(): EmbedLoadResult | null {
    return this.info;
  }

  async load(
    params: EmbedLoadParams,
    options: { onProgress?: (progress: FileProgress) => void; signal?: AbortSignal } = {},
  ): Promise<EmbedLoadResult> {
    this.dispose();
    const client = new RpcClient<EmbedMethods>(this.createWorker(), 'embedding worker');
    this.client = client;
    try {
      this.info = await client.call('load', params, { onEvent: options.onProgress, signal: options.signal });
      return this.info;
    } catch (error) {
      if (this.client === client) this.dispose();
      throw error;
    }
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const client = this.client;
    if (!client || !this.info) {
      throw new TandemError('model-load-failed', 'The embedding model is not loaded.', { retryable: true });
    }
    const { vectors } = await client.call('embed', { texts });
    return vectors.map((v) => Float32Array.from(v));
  }

  dispose(): void {
    this.client?.terminate();
    this.client = null;
    this.info = null;
  }
}
