/**
 * The "offline ready" check: looks into the service worker's caches and the model stores, then
 * lets `evaluateOfflineReady` decide.
 */
import { evaluateOfflineReady, type OfflineReport } from '../models/offline-ready';
import type { ModelsState } from './models.svelte';
import type { SettingsState } from './settings.svelte';
import type { WebLLMState } from './webllm.svelte';

/**
 * The embedding model (conversation health tracker). Not part of the app yet: returns
 * 'not-configured' until an embedding model is wired in, then its label and cached state.
 */
export async function embeddingModelStatus(): Promise<{ label: string; cached: boolean } | 'not-configured'> {
  return 'not-configured';
}

async function inCaches(path: string): Promise<boolean | null> {
  if (typeof caches === 'undefined') return null;
  try {
    const url = new URL(path, location.origin).href;
    return (await caches.match(url, { ignoreSearch: true })) !== undefined;
  } catch {
    return null;
  }
}

export class OfflineState {
  report = $state.raw<OfflineReport | null>(null);

  constructor(
    private readonly models: ModelsState,
    private readonly webllm: WebLLMState,
    private readonly settings: SettingsState,
  ) {}

  async check(): Promise<OfflineReport> {
    const base = import.meta.env.BASE_URL;
    const serviceWorkerActive = !!navigator.serviceWorker?.controller;
    const [shell, ortMjs, ortWasm] = await Promise.all([
      inCaches(`${base}index.html`),
      inCaches(`${base}ort/ort-wasm-simd-threaded.mjs`),
      inCaches(`${base}ort/ort-wasm-simd-threaded.wasm`),
    ]);
    await this.models.refreshCached();
    let chatModel: { label: string; cached: boolean } | null = null;
    if (this.settings.current.localBackend === 'webllm' && this.webllm.selected) {
      await this.webllm.refreshCached();
      const e = this.webllm.selected;
      chatModel = { label: e.label, cached: this.webllm.isCached(e) };
    } else if (this.models.selected) {
      const e = this.models.selected;
      chatModel = { label: e.label, cached: this.models.isCached(e) };
    }
    this.report = evaluateOfflineReady({
      serviceWorkerActive,
      appShellCached: shell,
      ortWasmCached: ortMjs === null || ortWasm === null ? null : ortMjs && ortWasm,
      chatModel,
      embeddingModel: await embeddingModelStatus(),
    });
    return this.report;
  }
}
