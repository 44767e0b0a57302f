/**
 * Page side of the WebLLM engine: starts `webllm.worker.ts`, creates WebLLM's
 * `WebWorkerMLCEngine` client on it and loads a model.
 *
 * WebLLM itself (6.8 MB) is imported dynamically, only when a WebLLM model is used.
 * Weights, config and library are cached in IndexedDB (`cacheBackend: 'indexeddb'`).
 * Tests (and users of a mirror) point model records at another server with `mirror` or
 * `recordOverrides`, e.g. the local hub: `{ model: 'http://127.0.0.1:4000/hub/x', model_lib: ... }`.
 *
 * What WebLLM 0.2.86 fetches in `reload(modelId)`, in order (measured in Chromium):
 *  1. `{model}/resolve/main/mlc-chat-config.json` (WebLLM appends `resolve/main/` unless the URL
 *     already has `/resolve/<rev>/`), through the cache backend;
 *  2. `model_lib` (the wasm), through the cache backend, except URLs containing "localhost"
 *     (plain fetch, no status check) and relative URLs;
 *  3. WebAssembly instantiation of the library, then WebGPU adapter/device;
 *  4. tokenizer files named in the config, `{model}/resolve/main/tensor-cache.json`, then shards.
 */
import type {
  AppConfig,
  InitProgressReport,
  MLCEngineConfig,
  ModelRecord,
  WebWorkerMLCEngine,
} from '@mlc-ai/web-llm';
import { abortError, TandemError } from '../../core/errors';
import { withMirror, type ModelMirror } from './records';
import { mapWebLLMError } from './errors';
import { type WebLLMErrorContext } from './error-rules';
import { WebLLMProvider, type WebLLMEngineControl, type WebLLMProviderOptions } from './provider';

export type WebLLMModule = typeof import('@mlc-ai/web-llm');

let modulePromise: Promise<WebLLMModule> | null = null;
/** The WebLLM module, loaded once on first use. */
export function loadWebLLM(): Promise<WebLLMModule> {
  modulePromise ??= import('@mlc-ai/web-llm');
  return modulePromise;
}

/** `prebuiltAppConfig.model_list`, for `buildWebLLMCatalog`. */
export async function loadPrebuiltModelList(): Promise<ModelRecord[]> {
  return (await loadWebLLM()).prebuiltAppConfig.model_list;
}

export interface AppConfigOptions {
  /** Rewrite every record's URLs to a mirror (e.g. the local test hub). */
  mirror?: ModelMirror;
  /** Per-model overrides of record fields (applied after the mirror). */
  recordOverrides?: Record<string, Partial<ModelRecord>>;
  /** Extra records (e.g. a test model that is not in WebLLM's list). Replace same model_id. */
  extraRecords?: ModelRecord[];
}

/** Pure: the AppConfig handed to WebLLM (always the IndexedDB cache backend). */
export function buildAppConfig(baseList: readonly ModelRecord[], options: AppConfigOptions = {}): AppConfig {
  const byId = new Map<string, ModelRecord>();
  for (const r of baseList) byId.set(r.model_id, options.mirror ? withMirror(r, options.mirror) : { ...r });
  for (const r of options.extraRecords ?? []) byId.set(r.model_id, { ...r });
  for (const [id, patch] of Object.entries(options.recordOverrides ?? {})) {
    const current = byId.get(id);
    if (current) byId.set(id, { ...current, ...patch, model_id: id });
    else if (patch.model && patch.model_lib) byId.set(id, { ...patch, model_id: id } as ModelRecord);
  }
  return { model_list: [...byId.values()], cacheBackend: 'indexeddb' };
}

export interface CreateWebLLMEngineOptions extends AppConfigOptions {
  modelId: string;
  onProgress?: (report: InitProgressReport) => void;
  signal?: AbortSignal;
  /** Defaults to the app's webllm.worker.ts. */
  createWorker?: () => Worker;
  /** Base list; defaults to `prebuiltAppConfig.model_list`. */
  modelList?: readonly ModelRecord[];
  errorContext?: Omit<WebLLMErrorContext, 'modelId' | 'phase'>;
  logLevel?: MLCEngineConfig['logLevel'];
}

export interface WebLLMEngineHandle {
  engine: WebWorkerMLCEngine;
  worker: Worker;
  modelId: string;
  appConfig: AppConfig;
  /** Unloads (best effort) and terminates the worker, which frees the GPU memory for sure. */
  dispose(): Promise<void>;
}

export function createWebLLMWorker(): Worker {
  return new Worker(new URL('./webllm.worker.ts', import.meta.url), {
    type: 'module',
    name: 'webllm',
  });
}

/**
 * Starts the worker and loads `modelId`. Rejects with a TandemError (mapped by errors.ts);
 * a worker that fails to start rejects with 'worker-crashed' instead of hanging (WebLLM's
 * client alone would wait forever). Aborting terminates the worker.
 */
export async function createWebLLMEngine(options: CreateWebLLMEngineOptions): Promise<WebLLMEngineHandle> {
  if (options.signal?.aborted) throw abortError();
  const webllm = await loadWebLLM();
  const appConfig = buildAppConfig(options.modelList ?? webllm.prebuiltAppConfig.model_list, options);
  const worker = (options.createWorker ?? createWebLLMWorker)();
  const errorContext: WebLLMErrorContext = {
    ...options.errorContext,
    modelId: options.modelId,
    phase: 'load',
  };

  let rejectEarly: (e: unknown) => void = () => {};
  const early = new Promise<never>((_, reject) => {
    rejectEarly = reject;
  });
  const onWorkerError = (ev: ErrorEvent | MessageEvent) => {
    const detail = 'message' in ev && typeof ev.message === 'string' && ev.message ? `: ${ev.message}` : '';
    rejectEarly(
      new TandemError(
        'worker-crashed',
        `The WebLLM worker stopped${detail}. Reload the page, or use the CPU (WASM) backend.`,
        {
          retryable: true,
          details: { remedy: 'use-wasm-backend' },
        },
      ),
    );
  };
  const onAbort = () => rejectEarly(abortError());
  worker.addEventListener('error', onWorkerError);
  worker.addEventListener('messageerror', onWorkerError);
  options.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    const enginePromise = webllm.CreateWebWorkerMLCEngine(worker, options.modelId, {
      appConfig,
      initProgressCallback: options.onProgress,
      logLevel: options.logLevel ?? 'WARN',
    });
    enginePromise.catch(() => undefined);
    const engine = await Promise.race([enginePromise, early]);
    return {
      engine,
      worker,
      modelId: options.modelId,
      appConfig,
      async dispose() {
        try {
          await Promise.race([engine.unload(), new Promise((r) => setTimeout(r, 2000))]);
        } catch {
          // The worker may be broken already; terminating is what matters.
        }
        worker.terminate();
      },
    };
  } catch (error) {
    worker.terminate();
    throw mapWebLLMError(error, errorContext);
  } finally {
    worker.removeEventListener('error', onWorkerError);
    worker.removeEventListener('messageerror', onWorkerError);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** Cache helpers bound to our AppConfig (IndexedDB backend). */
export async function isWebLLMModelCached(modelId: string, appConfig: AppConfig): Promise<boolean> {
  return (await loadWebLLM()).hasModelInCache(modelId, appConfig);
}

/**
 * Deletes weights, config and library of a model (a broken library stays cached otherwise:
 * measured, a second load of a model whose wasm was damaged does not fetch it again).
 */
export async function deleteWebLLMModel(modelId: string, appConfig: AppConfig): Promise<void> {
  await (await loadWebLLM()).deleteModelAllInfoInCache(modelId, appConfig);
}

/** A ChatProvider on a loaded engine (the real WebWorkerMLCEngine satisfies the provider's engine type). */
export function providerForHandle(
  handle: WebLLMEngineHandle,
  options: Omit<WebLLMProviderOptions, 'engine' | 'modelId'> = {},
): WebLLMProvider {
  const engine: WebLLMEngineControl = handle.engine;
  return new WebLLMProvider({ ...options, engine, modelId: handle.modelId });
}
