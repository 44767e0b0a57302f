/**
 * The "offline ready" check: looks into the service worker's caches and the model stores, then
 * lets `evaluateOfflineReady` decide.
 */
import { evaluateOfflineReady, type OfflineReport } from './offline-ready';
import { webGpuRuntimeFiles } from '../../platform/pwa/keep-for-offline';
import type { LocalModel } from './local-model.svelte';

export type EmbeddingModelStatus = { label: string; cached: boolean } | 'not-configured';

/**
 * The embedding model of the conversation health tracker: nothing to cache when health is off or
 * prompt-only; otherwise the selected model, and whether its weights are on this device.
 */
export async function embeddingModelStatus(
  prefs: { mode: 'embeddings' | 'prompt-only' | 'off'; model: string },
  isCached: (repo: string) => Promise<boolean>,
): Promise<EmbeddingModelStatus> {
  if (prefs.mode !== 'embeddings') return 'not-configured';
  return { label: prefs.model, cached: await isCached(prefs.model) };
}

async function inCaches(path: string): Promise<boolean | null> {
  if (typeof caches === 'undefined') return null;
  try {
    const url = new URL(path, location.origin).href;
    return (await caches.match(url, { ignoreSearch: true, ignoreVary: true })) !== undefined;
  } catch {
    return null;
  }
}

/** Entries in one of the service worker's runtime caches (see vite.config.ts). */
async function runtimeCacheEntries(name: string): Promise<number | null> {
  if (typeof caches === 'undefined') return null;
  try {
    if (!(await caches.has(name))) return 0;
    return (await (await caches.open(name)).keys()).length;
  } catch {
    return null;
  }
}

export class OfflineState {
  report = $state.raw<OfflineReport | null>(null);

  constructor(
    private readonly local: LocalModel,
    private readonly embeddingModel: () => Promise<EmbeddingModelStatus>,
  ) {}

  /** WebLLM's library, or onnxruntime's WebGPU build: cached by the service worker on first use. */
  private async gpuRuntime(webllm: boolean): Promise<{ label: string; cached: boolean | null } | null> {
    if (webllm) {
      // The page's part and the worker's part of the library.
      const entries = await runtimeCacheEntries('tandem-webllm');
      return { label: 'GPU runtime (WebLLM library)', cached: entries === null ? null : entries >= 2 };
    }
    if (this.local.device !== 'webgpu') return null;
    const found = await Promise.all(webGpuRuntimeFiles().map(inCaches));
    return {
      label: 'GPU runtime (onnxruntime WebGPU build)',
      cached: found.includes(null) ? null : found.every(Boolean),
    };
  }

  async check(): Promise<OfflineReport> {
    const base = import.meta.env.BASE_URL;
    const serviceWorkerActive = !!navigator.serviceWorker?.controller;
    const [shell, ortMjs, ortWasm] = await Promise.all([
      inCaches(`${base}index.html`),
      inCaches(`${base}ort/ort-wasm-simd-threaded.mjs`),
      inCaches(`${base}ort/ort-wasm-simd-threaded.wasm`),
    ]);
    const selected = await this.local.selectedModel();
    const chatModel = selected ? { label: selected.label, cached: selected.cached } : null;
    const gpuRuntime = await this.gpuRuntime(selected?.backend === 'webllm');
    this.report = evaluateOfflineReady({
      serviceWorkerActive,
      appShellCached: shell,
      ortWasmCached: ortMjs === null || ortWasm === null ? null : ortMjs && ortWasm,
      ...(gpuRuntime ? { gpuRuntime } : {}),
      chatModel,
      embeddingModel: await this.embeddingModel(),
    });
    return this.report;
  }
}
