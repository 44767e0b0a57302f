/**
 * "Can Tandem work with no network right now?" Pure evaluation of what the page found.
 *
 * Four things must be on this device: the app shell (service worker precache), onnxruntime's
 * wasm (precached too; the CPU backend needs it even for WebLLM users' fallback), on WebGPU the
 * GPU runtime (onnxruntime's WebGPU build or WebLLM, cached by the service worker on first use), the
 * selected chat model, and the embedding model used by the conversation health tracker.
 * An item can be 'ok', 'missing', 'not-configured' (nothing to cache: does not block) or
 * 'unknown' (could not check, e.g. no Cache API: treated as missing).
 */
export type OfflineItemState = 'ok' | 'missing' | 'not-configured' | 'unknown';

export interface OfflineItem {
  id: 'app-shell' | 'ort-wasm' | 'gpu-runtime' | 'chat-model' | 'embedding-model';
  label: string;
  state: OfflineItemState;
  detail: string;
}

export interface OfflineCheckInput {
  serviceWorkerActive: boolean;
  appShellCached: boolean | null;
  ortWasmCached: boolean | null;
  /**
   * The GPU runtime, when the selected model runs on WebGPU: onnxruntime's WebGPU build or the
   * WebLLM library. They are not precached: the service worker keeps them from their first use.
   */
  gpuRuntime?: { label: string; cached: boolean | null };
  chatModel: { label: string; cached: boolean } | null;
  /** 'not-configured' when health is off or prompt-only (no embedding model needed). */
  embeddingModel: { label: string; cached: boolean } | 'not-configured';
}

export interface OfflineReport {
  ready: boolean;
  items: OfflineItem[];
  /** One sentence for the page. */
  summary: string;
}

export function evaluateOfflineReady(input: OfflineCheckInput): OfflineReport {
  const items: OfflineItem[] = [];
  if (!input.serviceWorkerActive) {
    items.push({
      id: 'app-shell',
      label: 'App',
      state: 'missing',
      detail: 'No service worker controls this page yet: reload once while online.',
    });
  } else {
    items.push({
      id: 'app-shell',
      label: 'App',
      state: input.appShellCached === null ? 'unknown' : input.appShellCached ? 'ok' : 'missing',
      detail: input.appShellCached ? 'App files are cached.' : 'App files are not all cached yet.',
    });
  }
  items.push({
    id: 'ort-wasm',
    label: 'CPU runtime (onnxruntime wasm)',
    state: input.ortWasmCached === null ? 'unknown' : input.ortWasmCached ? 'ok' : 'missing',
    detail: input.ortWasmCached ? 'Cached by the service worker.' : 'Not cached yet.',
  });
  if (input.gpuRuntime) {
    const { label, cached } = input.gpuRuntime;
    items.push({
      id: 'gpu-runtime',
      label,
      state: cached === null ? 'unknown' : cached ? 'ok' : 'missing',
      detail: cached ? 'Cached by the service worker.' : 'Not cached yet: load the model once while online.',
    });
  }
  items.push(
    input.chatModel
      ? {
          id: 'chat-model',
          label: `Chat model: ${input.chatModel.label}`,
          state: input.chatModel.cached ? 'ok' : 'missing',
          detail: input.chatModel.cached ? 'On this device.' : 'Not downloaded: load it once while online.',
        }
      : {
          id: 'chat-model',
          label: 'Chat model',
          state: 'missing',
          detail: 'No chat model chosen: choose and download one.',
        },
  );
  const embed = input.embeddingModel;
  items.push(
    embed === 'not-configured'
      ? {
          id: 'embedding-model',
          label: 'Embedding model',
          state: 'not-configured',
          detail: 'Health is off or prompt-only: no embedding model is needed.',
        }
      : {
          id: 'embedding-model',
          label: `Embedding model: ${embed.label}`,
          state: embed.cached ? 'ok' : 'missing',
          detail: embed.cached ? 'On this device.' : 'Not downloaded yet.',
        },
  );
  const missing = items.filter((i) => i.state === 'missing' || i.state === 'unknown');
  const ready = missing.length === 0;
  const summary = ready
    ? 'Offline ready: everything Tandem needs is on this device.'
    : `Not offline ready. Missing: ${missing.map((i) => i.label).join('; ')}.`;
  return { ready, items, summary };
}
