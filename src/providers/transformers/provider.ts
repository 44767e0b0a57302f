/**
 * Page side of the transformers.js chat provider: owns the worker, loads a model, streams.
 * A new worker is created for each model load so memory from the previous model is freed and
 * onnxruntime can pick the wasm build that suits the backend.
 */
import { TandemError } from '../../core/errors';
import type { Device, LlmMethods, LoadParams, LoadResult } from '../../platform/protocol/llm';
import { RpcClient } from '../../platform/rpc/client';
import { streamFromCall } from '../stream-call';
import type { ChatProvider, FileProgress, GenerateRequest, StreamPart } from '../../core/provider';
import { estimateTokens } from '../../core/tokens';

export type WorkerFactory = () => Worker;

export const createLlmWorker: WorkerFactory = () =>
  new Worker(new URL('./llm.worker.ts', import.meta.url), { type: 'module', name: 'tandem-llm' });

export class TransformersProvider implements ChatProvider {
  readonly kind = 'transformers' as const;
  private client: RpcClient<LlmMethods> | null = null;
  private loadedInfo: LoadResult | null = null;
  label = 'No model loaded';

  constructor(private readonly createWorker: WorkerFactory = createLlmWorker) {}

  get loaded(): LoadResult | null {
    return this.loadedInfo;
  }

  async load(
    params: LoadParams,
    label: string,
    options: { onProgress?: (progress: FileProgress) => void; signal?: AbortSignal } = {},
  ): Promise<LoadResult> {
    this.dispose();
    const client = new RpcClient<LlmMethods>(this.createWorker(), 'chat model worker');
    this.client = client;
    try {
      const result = await client.call('load', params, {
        onEvent: options.onProgress,
        signal: options.signal,
      });
      this.loadedInfo = result;
      this.label = `${label} (${deviceLabel(params.device)})`;
      return result;
    } catch (error) {
      this.dispose();
      throw error;
    }
  }

  stream(request: GenerateRequest): AsyncIterable<StreamPart> {
    const client = this.client;
    if (!client || !this.loadedInfo) {
      return streamFromCall(
        () =>
          Promise.reject(
            new TandemError('model-load-failed', 'No local model is loaded. Load one on the Models page.'),
          ),
        request.signal,
      );
    }
    return streamFromCall(
      (onPart) =>
        client.call(
          'generate',
          { messages: request.messages, settings: request.settings },
          { onEvent: onPart, signal: request.signal },
        ),
      request.signal,
    );
  }

  countTokens(text: string): Promise<number> {
    if (!this.client) return Promise.resolve(estimateTokens(text));
    return this.client.call('countTokens', { text });
  }

  dispose(): void {
    this.client?.terminate();
    this.client = null;
    this.loadedInfo = null;
    this.label = 'No model loaded';
  }
}

export function deviceLabel(device: Device): string {
  return device === 'webgpu' ? 'WebGPU' : 'CPU (WASM)';
}
