/**
 * Messages between the page and `providers/gguf/gguf.worker.ts` (GGUF models on llama.cpp through
 * wllama). Imported by both sides; see `../rpc/protocol.ts` for the envelope.
 */
import type { ChatMessage, FileProgress, GenerationSettings, StreamPart } from '../../core/provider';

/** A GGUF file in the Hub layout: `<repo>/resolve/main/<file>`. */
export interface GgufFileRef {
  repo: string;
  /** Path in the repo; for a split model, every part in order. */
  files: string[];
}

export interface GgufLoraRef extends GgufFileRef {
  /** 0 leaves the base model as it is; 1 is the adapter as trained. */
  scale: number;
  /** Shown on every answer it shaped. */
  label: string;
}

export type GgufGpuChoice = 'auto' | 'off';

export interface GgufLoadParams {
  model: GgufFileRef;
  lora?: GgufLoraRef[];
  /** Base URL of the model host (Hugging Face Hub or a mirror), ending with "/". */
  remoteHost: string;
  /** Absolute URL of wllama.wasm, served by the app itself. */
  wasmUrl: string;
  /** CPU threads wanted (used when cross-origin isolated; else 1). */
  threads: number;
  /** 'auto': WebGPU when a real (not software) adapter exists; 'off': CPU only. */
  gpu: GgufGpuChoice;
  /** Context window to allocate (tokens), at most the model's own. */
  contextSize: number;
}

export interface GgufLoadResult {
  architecture: string | null;
  /** The GGUF carries a chat template: chat; else a text-completion model (continues the text). */
  mode: 'chat' | 'completion';
  /** The model's trained context and the context allocated. */
  contextLength: number | null;
  contextSize: number;
  device: 'webgpu' | 'wasm';
  /** The GPU adapter used or refused (e.g. "swiftshader"), when one was asked for. */
  gpuAdapter: string | null;
  threads: number;
  crossOriginIsolated: boolean;
  loadMs: number;
  filesFromCache: number;
  filesDownloaded: number;
  /** Adapters applied, with their scale. */
  lora: { label: string; scale: number }[];
}

export interface GgufGenerateParams {
  messages: ChatMessage[];
  settings: GenerationSettings;
}

export interface GgufGenerateResult {
  inputTokens: number;
  outputTokens: number;
}

export type GgufMethods = {
  load: { params: GgufLoadParams; event: FileProgress; result: GgufLoadResult };
  generate: { params: GgufGenerateParams; event: StreamPart; result: GgufGenerateResult };
  unload: { params: Record<string, never>; event: never; result: void };
};
