/**
 * Messages between the page and `embed.worker.ts` (sentence embeddings for conversation
 * health). Imported by both sides; see `../rpc/protocol.ts` for the envelope.
 */
import type { FileProgress } from '../../core/provider';
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
  /**
   * Longest input in word pieces; longer texts are cut (sentence-transformers' max_seq_length:
   * 256 for all-MiniLM-L6-v2). Default 256; never above the tokenizer's own maximum.
   */
  maxTokens?: number;
  /** onnxruntime session options (benchmarks); the defaults are onnxruntime's. */
  sessionOptions?: { graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all' };
  /** WASM threads (benchmarks); default: up to 4 when cross-origin isolated, else 1. */
  threads?: number;
  /** Remove the model's damaged stored files first (or all of them, when none is known), so they download again. */
  repair?: boolean;
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
  /** Word pieces kept per text. */
  maxTokens: number;
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
