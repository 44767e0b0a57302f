/**
 * The one place that configures transformers.js inside a worker: where models come from (the
 * Hub or a mirror), the IndexedDB model cache, and onnxruntime-web's wasm served by the app
 * itself (never a CDN). Used by the chat engine and the embedding engine alike.
 */
import type { IndexedDbModelCache } from '../db/model-files';
import { TandemError } from '../errors';

export type Transformers = typeof import('@huggingface/transformers');

export interface EnvParams {
  device: 'webgpu' | 'wasm';
  /** Base URL of the model host (Hugging Face Hub or a mirror), ending with "/". */
  remoteHost: string;
  /** Absolute URL of the folder holding onnxruntime-web's wasm files, served by the app. */
  wasmBase: string;
}

let library: Promise<Transformers> | null = null;
/** transformers.js (and onnxruntime-web) load only when a model is first needed. */
export function loadTransformers(): Promise<Transformers> {
  library ??= import('@huggingface/transformers');
  return library;
}

let configuredWasm: string | null = null;

/** Points transformers.js at the model host, our IndexedDB cache and the app-served wasm. */
export function configureTransformers(t: Transformers, params: EnvParams, cache: IndexedDbModelCache): void {
  t.env.allowLocalModels = false;
  t.env.allowRemoteModels = true;
  t.env.remoteHost = params.remoteHost;
  t.env.useBrowserCache = false;
  t.env.useCustomCache = true;
  t.env.customCache = cache;
  t.env.fetch = fetchFinishingErrors;
  // The service worker precaches the wasm; transformers.js must not keep a second copy.
  (t.env as { useWasmCache?: boolean }).useWasmCache = false;
  const wasm = t.env.backends.onnx.wasm;
  if (wasm) {
    // WebGPU needs the asyncify build; on plain WASM the non-asyncify build is ~1.7x faster.
    const build = params.device === 'webgpu' ? 'ort-wasm-simd-threaded.asyncify' : 'ort-wasm-simd-threaded';
    const key = `${params.wasmBase}${build}`;
    if (configuredWasm && configuredWasm !== key) {
      // onnxruntime keeps the first wasm it loaded for the life of the worker.
      throw new TandemError(
        'model-load-failed',
        'This worker already runs another backend. Reload the model to switch backends.',
        { retryable: true },
      );
    }
    configuredWasm = key;
    wasm.wasmPaths = { mjs: `${key}.mjs`, wasm: `${key}.wasm` };
    wasm.numThreads = globalThis.crossOriginIsolated
      ? Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1))
      : 1;
  }
}

/**
 * `fetch` that reads the body of an error response to the end. transformers.js only looks at
 * the status of a 404, and a body left unread keeps the request open until the worker dies.
 */
async function fetchFinishingErrors(input: string | URL, init?: RequestInit): Promise<Response> {
  const response = await fetch(input, init);
  if (response.ok) return response;
  const body = await response.arrayBuffer().catch(() => new ArrayBuffer(0));
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/** Number of WASM threads onnxruntime was configured with. */
export function wasmThreads(t: Transformers): number {
  const wasm = t.env.backends.onnx.wasm as { numThreads?: number } | undefined;
  return wasm?.numThreads ?? 1;
}
