/**
 * Messages between the page and `llm.worker.ts` (transformers.js chat models).
 * Imported by both sides; see `../rpc/protocol.ts` for the envelope.
 */
import type { ChatMessage, FileProgress, GenerationSettings, StreamPart } from '../../core/provider';

export type Device = 'webgpu' | 'wasm';

export interface LoadParams {
  /** Hub repo id, e.g. "onnx-community/Qwen2.5-0.5B-Instruct". */
  repo: string;
  device: Device;
  /** transformers.js dtype, e.g. "q4f16", "q4", "q8", "fp32"; undefined lets the model decide. */
  dtype?: string;
  /** Graph base name when it is not "model" (transformers.js `model_file_name`). */
  modelFileName?: string;
  /**
   * External-data chunks of the graph (`…onnx_data`, `…onnx_data_1`, …), from the catalog;
   * undefined lets the repo's config.json (`transformers.js_config.use_external_data_format`) say.
   */
  externalDataChunks?: number;
  /** Base URL of the model host (Hugging Face Hub or a mirror), ending with "/". */
  remoteHost: string;
  /** Absolute URL of the folder holding onnxruntime-web's wasm files, served by the app. */
  wasmBase: string;
}

export interface LoadResult {
  repo: string;
  device: Device;
  dtype: string | null;
  loadMs: number;
  /** Files that came from the IndexedDB cache vs the network. */
  filesFromCache: number;
  filesDownloaded: number;
  /** Whether the worker runs cross-origin isolated (onnxruntime can use threads). */
  crossOriginIsolated: boolean;
  /** Number of WASM threads onnxruntime was configured with. */
  wasmThreads: number;
  /** The tokenizer has no chat template: a text-completion model (it continues the text). */
  textCompletion?: boolean;
}

export interface GenerateParams {
  messages: ChatMessage[];
  settings: GenerationSettings;
}

export interface GenerateResult {
  inputTokens: number;
  outputTokens: number;
}

export type LlmMethods = {
  load: { params: LoadParams; event: FileProgress; result: LoadResult };
  generate: { params: GenerateParams; event: StreamPart; result: GenerateResult };
  /** Tokens in a text by the loaded model's tokenizer (context budget). */
  countTokens: { params: { text: string }; event: never; result: number };
  unload: { params: Record<string, never>; event: never; result: void };
};
