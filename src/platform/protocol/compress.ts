/**
 * Messages between the page and `compress.worker.ts` (LLMLingua-2 prompt compression).
 * Imported by both sides; see `../rpc/protocol.ts` for the envelope.
 */
import type { FileProgress } from '../../core/provider';

export interface CompressLoadParams {
  /** Hub repo id of an LLMLingua-2 token-classification model (BERT multilingual tokenizer). */
  repo: string;
  /** Folder of the ONNX file inside the repo ("onnx" for the usual layout, "" for the root). */
  subfolder: string;
  /** Base URL of the model host (Hugging Face Hub or a mirror), ending with "/". */
  remoteHost: string;
  /** Absolute URL of the folder holding onnxruntime-web's wasm files, served by the app. */
  wasmBase: string;
}

export interface CompressLoadResult {
  repo: string;
  loadMs: number;
  filesFromCache: number;
  filesDownloaded: number;
}

export interface CompressTextsResult {
  /** One compressed text per input, in order. */
  texts: string[];
  ms: number;
}

export type CompressMethods = {
  load: { params: CompressLoadParams; event: FileProgress; result: CompressLoadResult };
  /** `rate`: the share of tokens to keep, in (0, 1]. */
  compress: { params: { texts: string[]; rate: number }; event: never; result: CompressTextsResult };
};
