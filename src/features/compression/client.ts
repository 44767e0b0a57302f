/** Page side of the LLMLingua-2 worker: owns the worker, loads the model, compresses texts. */
import { TandemError } from '../../core/errors';
import type {
  CompressLoadParams,
  CompressLoadResult,
  CompressMethods,
} from '../../platform/protocol/compress';
import type { FileProgress } from '../../core/provider';
import { LOAD_FIELDS, loadResultFields, measured } from '../../core/measure';
import type { OperationSink } from '../../core/operations';
import { RpcClient } from '../../platform/rpc/client';

export const createCompressWorker = (): Worker =>
  new Worker(new URL('./compress.worker.ts', import.meta.url), {
    type: 'module',
    name: 'tandem-compress',
  });

export class CompressionClient {
  private client: RpcClient<CompressMethods> | null = null;
  private info: CompressLoadResult | null = null;

  /**
   * `onOperation` receives one measurement per model load (compressions are measured by the
   * compression middleware, `router/compression-middleware.ts`).
   */
  constructor(
    private readonly createWorker: () => Worker = createCompressWorker,
    private readonly options: { onOperation?: OperationSink } = {},
  ) {}

  get loaded(): CompressLoadResult | null {
    return this.info;
  }

  async load(
    params: CompressLoadParams,
    onProgress?: (p: FileProgress) => void,
  ): Promise<CompressLoadResult> {
    this.dispose();
    const client = new RpcClient<CompressMethods>(this.createWorker(), 'compression worker');
    this.client = client;
    try {
      this.info = await measured(
        this.options.onOperation,
        { ...LOAD_FIELDS, modelId: params.repo, backend: 'wasm' },
        () => client.call('load', params, { onEvent: onProgress }),
        loadResultFields,
      );
      return this.info;
    } catch (error) {
      if (this.client === client) this.dispose();
      throw error;
    }
  }

  async compress(texts: string[], rate: number): Promise<string[]> {
    if (!this.client || !this.info) {
      throw new TandemError('model-load-failed', 'The compression model is not loaded.', { retryable: true });
    }
    return (await this.client.call('compress', { texts, rate })).texts;
  }

  dispose(): void {
    this.client?.terminate();
    this.client = null;
    this.info = null;
  }
}
