/**
 * Measures chat model loads on both backends (transformers.js and WebLLM): duration, whether the
 * files came from IndexedDB or the network, and the bytes stored. Wraps each backend state's
 * `load` once, in the composition root, so the states themselves stay unaware of metrics.
 */
import { LOAD_FIELDS, loadResultFields, report } from '../../core/measure';
import type { OperationSink } from '../../core/operations';
import type { WebLLMCatalogEntry } from '../../providers/webllm/catalog';
import type { TransformersState } from './transformers-backend.svelte';
import type { WebLLMState } from './webllm-backend.svelte';
import type { GgufState } from './gguf-backend.svelte';

type LoadFn = (...args: unknown[]) => Promise<void>;

/** Replaces `owner.load` with `measure`, which is given the original load and its arguments. */
export function wrapLoad(
  owner: { load: unknown },
  measure: (load: LoadFn, args: unknown[]) => Promise<void>,
): void {
  const load = (owner.load as LoadFn).bind(owner);
  (owner as { load: LoadFn }).load = (...args) => measure(load, args);
}

export function measureModelLoads(
  models: TransformersState,
  webllm: WebLLMState,
  sink: OperationSink,
  gguf?: GgufState,
): void {
  if (gguf) measureGgufLoads(gguf, sink);
  wrapLoad(models, async (load, args) => {
    const at = Date.now();
    const started = performance.now();
    try {
      await load(...args);
    } finally {
      // 'elsewhere' (another tab runs the engine) and a cancelled load are not loads.
      if (models.status === 'ready' || models.status === 'error') {
        const info = models.loadInfo;
        const entry = models.active;
        report(sink, {
          ...LOAD_FIELDS,
          at,
          totalMs: performance.now() - started,
          modelId: entry?.id ?? '',
          backend: info?.device ?? 'transformers',
          status: models.status === 'ready' ? 'ok' : 'error',
          ...(models.status === 'error' ? { errorCode: models.error?.code ?? 'unknown' } : {}),
          ...(info ? loadResultFields(info) : { detail: null, items: null }),
          bytes: entry ? models.cachedBytes(entry) || null : null,
        });
      }
    }
  });
  wrapLoad(webllm, async (load, args) => {
    const entry = (args[0] as WebLLMCatalogEntry | undefined) ?? webllm.selected;
    const wasCached = entry ? webllm.isCached(entry) : false;
    const at = Date.now();
    const started = performance.now();
    try {
      await load(...args);
    } finally {
      if (webllm.status === 'ready' || webllm.status === 'error') {
        report(sink, {
          ...LOAD_FIELDS,
          at,
          totalMs: performance.now() - started,
          modelId: webllm.active?.modelId ?? entry?.modelId ?? '',
          backend: 'webllm',
          status: webllm.status === 'ready' ? 'ok' : 'error',
          ...(webllm.status === 'error' ? { errorCode: webllm.error?.code ?? 'unknown' } : {}),
          detail: wasCached ? 'indexeddb' : 'network',
        });
      }
    }
  });
}

/** GGUF loads: the device llama.cpp ran on, files from IndexedDB or the network, bytes stored. */
function measureGgufLoads(gguf: GgufState, sink: OperationSink): void {
  wrapLoad(gguf, async (load, args) => {
    const at = Date.now();
    const started = performance.now();
    try {
      await load(...args);
    } finally {
      if (gguf.status === 'ready' || gguf.status === 'error') {
        const info = gguf.loadInfo;
        const entry = gguf.active;
        report(sink, {
          ...LOAD_FIELDS,
          at,
          totalMs: performance.now() - started,
          modelId: entry?.id ?? '',
          backend: 'gguf',
          status: gguf.status === 'ready' ? 'ok' : 'error',
          ...(gguf.status === 'error' ? { errorCode: gguf.error?.code ?? 'unknown' } : {}),
          detail: info ? (info.filesDownloaded > 0 ? 'network' : 'indexeddb') : null,
          items: info ? info.filesFromCache + info.filesDownloaded : null,
          bytes: entry ? gguf.cachedBytes(entry) || null : null,
        });
      }
    }
  });
}
