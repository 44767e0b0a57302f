/**
 * Page side of the GGUF (llama.cpp) chat provider: owns `gguf.worker.ts`, loads a model, streams.
 * A new worker per load, so the previous model's memory (and wllama's own workers) go with it.
 * The stream keeps the provider contract through `streamFromCall`: text deltas, exactly one finish
 * or error, a stop that ends it at once.
 */
import { TandemError } from '../../core/errors';
import { streamFromCall } from '../stream-call';
import type { ChatProvider, FileProgress, GenerateRequest, StreamPart } from '../../core/provider';
import { RpcClient } from '../../platform/rpc/client';
import { estimateTokens } from '../../core/tokens';
import type { GgufLoadParams, GgufLoadResult, GgufMethods } from '../../platform/protocol/gguf';

export type GgufWorkerFactory = () => Worker;

export const createGgufWorker: GgufWorkerFactory = () =>
  new Worker(new URL('./gguf.worker.ts', import.meta.url), { type: 'module', name: 'tandem-gguf' });

/** Where the app serves wllama's wasm (`/wllama/`, emitted by vite.config.ts from node_modules). */
export function wllamaWasmUrl(): string {
  const path = `${import.meta.env.BASE_URL}wllama/wllama.wasm`;
  return typeof location === 'undefined' ? path : new URL(path, location.href).href;
}

export function ggufDeviceLabel(result: Pick<GgufLoadResult, 'device' | 'threads'>): string {
  return result.device === 'webgpu'
    ? 'llama.cpp, WebGPU'
    : `llama.cpp, CPU ${result.threads} thread${result.threads === 1 ? '' : 's'}`;
}

export class GgufProvider implements ChatProvider {
  readonly kind = 'gguf' as const;
  private client: RpcClient<GgufMethods> | null = null;
  private loadedInfo: GgufLoadResult | null = null;
  label = 'No model loaded';

  constructor(private readonly createWorker: GgufWorkerFactory = createGgufWorker) {}

  get loaded(): GgufLoadResult | null {
    return this.loadedInfo;
  }

  async load(
    params: GgufLoadParams,
    label: string,
    options: { onProgress?: (progress: FileProgress) => void; signal?: AbortSignal } = {},
  ): Promise<GgufLoadResult> {
    this.dispose();
    const client = new RpcClient<GgufMethods>(this.createWorker(), 'GGUF model worker');
    this.client = client;
    try {
      const result = await client.call('load', params, {
        onEvent: options.onProgress,
        signal: options.signal,
      });
      this.loadedInfo = result;
      const lora = result.lora.filter((l) => l.scale !== 0).map((l) => ` + ${l.label} ×${l.scale}`);
      this.label = `${label}${lora.join('')} (${ggufDeviceLabel(result)})`;
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
            new TandemError('model-load-failed', 'No GGUF model is loaded. Load one on the Models page.'),
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

  /** wllama 3.13 has no tokenizer call: an estimate, as for Claude. */
  countTokens(text: string): Promise<number> {
    return Promise.resolve(estimateTokens(text));
  }

  dispose(): void {
    this.client?.terminate();
    this.client = null;
    this.loadedInfo = null;
    this.label = 'No model loaded';
  }
}
