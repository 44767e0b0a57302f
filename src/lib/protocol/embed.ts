/**
 * Messages between the page and `embed.worker.ts` (sentence embeddings for conversation
 * health). Imported by both sides; see `../rpc/protocol.ts` for the envelope.
 */
import type { FileProgress } from '../providers/types';
import type { Device } from './llm';

export interface EmbedLoadParams {
  /** Hub repo id, e.g. "Xenova/all-MiniLM-L6-v2". */
  repo: string;
  device: Device;
  /** transformers.js dtype; undefined lets the backend decide (quantised q8 on WASM). */
  dtype?: string;
  /** Base URL of the model host (Hugging Face Hub or a mirror), ending with "/". */
  remoteHost: string;
  /** Absolute URL of the folder holding onnxruntime-web's wasm files, served by the app. */
  wasmBase: string;
}

export interface EmbedLoadResult {
  repo: string;
  device: Device;
  dtype: string | null;
  loadMs: number;
  filesFromCache: number;
  filesDownloaded: number;
  /** Size of one embedding, read from a probe run. */
  dimensions: number;
  wasmThreads: number;
}

export interface EmbedResult {
  /** One unit-norm, mean-pooled vector per text, in input order. */
  vectors: number[][];
  ms: number;
  /** Word pieces embedded (after truncation), when the tokenizer could count them. */
  tokens?: number;
}

export type EmbedMethods = {
  load: { params: EmbedLoadParams; event: FileProgress; result: EmbedLoadResult };
  embed: { params: { texts: string[] }; event: never; result: EmbedResult };
  unload: { params: Record<string, never>; event: never; result: void };
};
