/**
 * WebLLM model records beyond the catalog: the user's own record as an entry, weights and
 * library pointed at a mirror, and the exact download size once the shard manifest is known. Pure (type import of WebLLM only).
 */
import type { ModelRecord } from '@mlc-ai/web-llm';
import type { WebLLMCustomRecord } from '../../core/settings';
import type { WebLLMCatalogEntry } from './catalog';

/**
 * Exact weight download from a fetched `tensor-cache.json` (WebLLM 0.2.86's name for the
 * shard manifest; each record has `nbytes`). null when the JSON does not have that shape.
 */
export function downloadBytesFromTensorCache(json: unknown): number | null {
  if (typeof json !== 'object' || json === null) return null;
  const records = (json as { records?: unknown }).records;
  if (!Array.isArray(records)) return null;
  let total = 0;
  for (const r of records) {
    const n = (r as { nbytes?: unknown } | null)?.nbytes;
    if (typeof n !== 'number' || !Number.isFinite(n)) return null;
    total += n;
  }
  return total;
}

export interface ModelMirror {
  /**
   * Replaces `https://huggingface.co/` in `model`, e.g. `http://127.0.0.1:5173/hub/` gives
   * `http://127.0.0.1:5173/hub/mlc-ai/TinyLlama-...-MLC` (WebLLM appends `/resolve/main/`).
   */
  modelBaseUrl?: string;
  /** Folder that replaces the folder of `model_lib` (the file name is kept). */
  modelLibBaseUrl?: string;
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** A copy of a record with its weights and library URLs pointed at a mirror. */
export function withMirror(record: ModelRecord, mirror: ModelMirror): ModelRecord {
  const out: ModelRecord = { ...record };
  if (mirror.modelBaseUrl) {
    const m = /^https?:\/\/[^/]+\/(.*)$/.exec(record.model);
    const repoPath = m?.[1] ?? record.model;
    out.model = withSlash(mirror.modelBaseUrl) + repoPath.replace(/^\/+/, '');
  }
  if (mirror.modelLibBaseUrl) {
    const file = record.model_lib.split('/').pop() ?? record.model_lib;
    out.model_lib = withSlash(mirror.modelLibBaseUrl) + file;
  }
  return out;
}

/** A catalog entry for the user's own record (mirror or test). */
export function customEntry(record: WebLLMCustomRecord): WebLLMCatalogEntry {
  const model: ModelRecord = {
    model_id: record.modelId,
    model: record.modelUrl,
    model_lib: record.modelLibUrl,
    overrides: { context_window_size: record.contextWindow },
  };
  const q = /q4f16/.test(record.modelId) ? 'q4f16_1' : 'q4f32_1';
  return {
    modelId: record.modelId,
    familyId: 'custom',
    label: `${record.modelId} (custom record)`,
    quantization: q,
    highlighted: false,
    reducedContext: false,
    vramRequiredMB: null,
    lowResourceRequired: false,
    contextWindow: record.contextWindow,
    requiredFeatures: [],
    effectiveRequiredFeatures: q === 'q4f16_1' ? ['shader-f16'] : [],
    bufferSizeRequiredBytes: null,
    approxDownloadMB: null,
    downloadSizeSource: null,
    modelUrl: record.modelUrl,
    modelLibUrl: record.modelLibUrl,
    record: model,
  };
}
