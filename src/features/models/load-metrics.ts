/**
 * Measures chat model loads on both backends (transformers.js and WebLLM): duration, whether the
 * files came from IndexedDB or the network, and the bytes stored. Listens to each backend
 * state's `loadHooks`, so the states themselves stay unaware of metrics.
 */
import { LOAD_FIELDS, loadResultFields, report } from '../../core/measure';
import type { OperationSink } from '../../core/operations';
import type { TransformersState } from './transformers-backend.svelte';
import type { WebLLMState } from './webllm-backend.svelte';
import type { GgufState } from './gguf-backend.svelte';

export function measureModelLoads(
  models: TransformersState,
  webllm: WebLLMState,
  sink: OperationSink,
  gguf?: GgufState,
): void {
  if (gguf) measureGgufLoads(gguf, sink);
  models.loadHooks.onEnd(({ at, ms }) => {
    // 'elsewhere' (another tab runs the engine) and a cancelled load are not loads.
    if (models.status === 'ready' || models.status === 'error') {
      const info = models.loadInfo;
      const entry = models.active;
      report(sink, {
        ...LOAD_FIELDS,
        at,
        totalMs: ms,
        modelId: entry?.id ?? '',
        backend: info?.device ?? 'transformers',
        status: models.status === 'ready' ? 'ok' : 'error',
        ...(models.status === 'error' ? { errorCode: models.error?.code ?? 'unknown' } : {}),
        ...(info ? loadResultFields(info) : { detail: null, items: null }),
        bytes: entry ? models.cachedBytes(entry) || null : null,
      });
    }
  });
  // Whether the files were here is known only before the load stores them.
  const wasCached = new Map<string, boolean>();
  webllm.loadHooks.onStart((entry) => wasCached.set(entry.modelId, webllm.isCached(entry)));
  webllm.loadHooks.onEnd(({ entry, at, ms }) => {
    if (webllm.status === 'ready' || webllm.status === 'error') {
      report(sink, {
        ...LOAD_FIELDS,
        at,
        totalMs: ms,
        modelId: webllm.active?.modelId ?? entry.modelId,
        backend: 'webllm',
        status: webllm.status === 'ready' ? 'ok' : 'error',
        ...(webllm.status === 'error' ? { errorCode: webllm.error?.code ?? 'unknown' } : {}),
        detail: wasCached.get(entry.modelId) ? 'indexeddb' : 'network',
      });
    }
  });
}

/** GGUF loads: the device llama.cpp ran on, files from IndexedDB or the network, bytes stored. */
function measureGgufLoads(gguf: GgufState, sink: OperationSink): void {
  gguf.loadHooks.onEnd(({ at, ms }) => {
    if (gguf.status === 'ready' || gguf.status === 'error') {
      const info = gguf.loadInfo;
      const entry = gguf.active;
      report(sink, {
        ...LOAD_FIELDS,
        at,
        totalMs: ms,
        modelId: entry?.id ?? '',
        backend: 'gguf',
        status: gguf.status === 'ready' ? 'ok' : 'error',
        ...(gguf.status === 'error' ? { errorCode: gguf.error?.code ?? 'unknown' } : {}),
        detail: info ? (info.filesDownloaded > 0 ? 'network' : 'indexeddb') : null,
        items: info ? info.filesFromCache + info.filesDownloaded : null,
        bytes: entry ? gguf.cachedBytes(entry) || null : null,
      });
    }
  });
}
