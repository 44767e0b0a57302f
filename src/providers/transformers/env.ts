/**
 * The one place that configures transformers.js inside a worker: where models come from (the
 * Hub or a mirror), the IndexedDB model cache, and onnxruntime-web's wasm served by the app
 * itself (never a CDN). Used by the chat engine and the embedding engine alike.
 */
import type { IndexedDbModelCache } from '../../platform/db/model-files';
import { TandemError } from '../../core/errors';
import { ProgressTracker, type RawProgress } from './progress';
import type { FileProgress } from '../../core/provider';
import { checkChunkStatus, watchBody } from './download-failures';

export type Transformers = typeof import('@huggingface/transformers');

export interface EnvParams {
  device: 'webgpu' | 'wasm';
  /** Base URL of the model host (Hugging Face Hub or a mirror), ending with "/". */
  remoteHost: string;
  /** Absolute URL of the folder holding onnxruntime-web's wasm files, served by the app. */
  wasmBase: string;
  /** WASM threads; default up to 4 when cross-origin isolated, else 1 (read once per worker). */
  threads?: number;
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
    wasm.numThreads = !globalThis.crossOriginIsolated
      ? 1
      : (params.threads ?? Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)));
  }
}

/**
 * `fetch` that watches each body for a cut connection, and reads the body of an error response to the end. transformers.js only looks at
 * the status of a 404, and a body left unread keeps the request open until the worker dies.
 */
async function fetchFinishingErrors(input: string | URL, init?: RequestInit): Promise<Response> {
  // Model files are kept in IndexedDB: a second copy in the HTTP cache would double the disk
  // use of multi-GB weights (and let the browser answer a retry from a half-cached file).
  const response = await fetch(input, { ...init, cache: 'no-store' });
  // A failed external-data chunk would hang transformers.js: report it (download-failures.ts).
  checkChunkStatus(String(input), response);
  if (response.ok) return watchBody(response);
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

/** What every model load in a worker starts with (chat, embeddings, compression). */
export interface LoadStart {
  t: Transformers;
  started: number;
  /** transformers.js `progress_callback`, reporting per-file progress to `onProgress`. */
  progress: (raw: unknown) => void;
}

/**
 * The start of a model load: the library, its configuration (host, cache, wasm), then
 * `beforeLoad` (e.g. freeing the previous model, only once the configuration is accepted), a
 * fresh progress tracker and the cache's counters reset.
 */
export async function beginLoad(
  params: EnvParams,
  cache: IndexedDbModelCache,
  onProgress: (progress: FileProgress) => void,
  beforeLoad?: () => Promise<void>,
): Promise<LoadStart> {
  const started = performance.now();
  const t = await loadTransformers();
  configureTransformers(t, params, cache);
  await beforeLoad?.();
  const tracker = new ProgressTracker(onProgress);
  cache.resetStats();
  return { t, started, progress: (raw: unknown) => tracker.update(raw as RawProgress) };
}

/** How a finished load went: time, files read from IndexedDB and downloaded, WASM threads. */
export function loadStats(
  { t, started }: LoadStart,
  cache: IndexedDbModelCache,
): { loadMs: number; filesFromCache: number; filesDownloaded: number; wasmThreads: number } {
  return {
    loadMs: performance.now() - started,
    filesFromCache: cache.filesFromCache,
    filesDownloaded: cache.stats.stores.size,
    wasmThreads: wasmThreads(t),
  };
}
