/**
 * The WebLLM models Tandem offers, built from WebLLM's own prebuilt model list.
 *
 * Nothing here copies numbers out of `prebuiltAppConfig`: VRAM, context window, required
 * features and URLs are read from the records passed in, so an npm update of WebLLM updates the
 * catalog. What the records do not carry is written down here and marked as ours:
 *  - which families we show (and which we highlight),
 *  - each family's parameter count, used only for an *estimate* of the download size (WebLLM
 *    records have no size; the exact size is known once `tensor-cache.json` has been fetched:
 *    see `downloadBytesFromTensorCache` in `records.ts`).
 *
 * Pure: only a type import of `@mlc-ai/web-llm`, so the 6.8 MB WebLLM bundle is not pulled into
 * the page by the Models page. Callers pass `prebuiltAppConfig.model_list` (see `client.ts`,
 * `loadPrebuiltModelList`).
 */
import type { ModelRecord } from '@mlc-ai/web-llm';
import type { ModelRequirements } from '../../platform/hardware/fit';
import { WEBLLM_FAMILIES, type WebLLMFamily } from './families';

/** The two quantisations we offer: 4-bit weights with f16 or f32 activations. */
export type WebLLMQuantization = 'q4f16_1' | 'q4f32_1';
const OFFERED_QUANTIZATIONS: readonly string[] = ['q4f16_1', 'q4f32_1'];

/** Bits per parameter of the stored weights (4-bit values + one scale per group of 32). */
const BITS_PER_PARAM: Record<WebLLMQuantization, number> = {
  q4f16_1: 4 + 16 / 32,
  q4f32_1: 4 + 32 / 32,
};

export interface WebLLMCatalogEntry {
  modelId: string;
  familyId: string;
  label: string;
  quantization: WebLLMQuantization;
  highlighted: boolean;
  /** Writes `<think>…</think>` reasoning; the chat template takes `enable_thinking`. */
  thinking: boolean;
  /** The family that replaces this one (kept for the seeds or small devices). */
  supersededBy: string | null;
  /** True for WebLLM's "-1k" records: same weights, 1024-token context, less VRAM. */
  reducedContext: boolean;
  /** From the record; null when the record has none. */
  vramRequiredMB: number | null;
  lowResourceRequired: boolean;
  /** From `overrides.context_window_size`; null when only mlc-chat-config.json knows it. */
  contextWindow: number | null;
  /** `required_features` exactly as the record declares them. */
  requiredFeatures: string[];
  /**
   * Features the model really needs: the declared ones plus `shader-f16` for any f16
   * quantisation. Some WebLLM records (e.g. Phi-3.5-mini q4f16_1, Llama-3.2-1B q4f16_1) do not
   * declare `shader-f16` though their kernels use f16; WebLLM then fails later, less clearly.
   */
  effectiveRequiredFeatures: string[];
  /** Required `maxStorageBufferBindingSize` in bytes, when the record says. */
  bufferSizeRequiredBytes: number | null;
  /**
   * Approximate download in MB (weights only; the wasm library adds a few MB). An estimate from
   * the parameter count and quantisation, never read from WebLLM. null when not derivable.
   */
  approxDownloadMB: number | null;
  downloadSizeSource: 'estimate-from-parameters' | null;
  modelUrl: string;
  modelLibUrl: string;
  record: ModelRecord;
}

const MODEL_ID_RE = /^(.*)-(q\d+f\d+(?:_\d+)?)-MLC(-1k)?$/;

export function parseModelId(
  modelId: string,
): { prefix: string; quantization: string; reducedContext: boolean } | null {
  const m = MODEL_ID_RE.exec(modelId);
  if (!m || m[1] === undefined || m[2] === undefined) return null;
  return { prefix: m[1], quantization: m[2], reducedContext: m[3] !== undefined };
}

function estimateDownloadMB(parametersB: number | null, quantization: WebLLMQuantization): number | null {
  if (parametersB === null) return null;
  const bytes = (parametersB * 1e9 * BITS_PER_PARAM[quantization]) / 8;
  return Math.round(bytes / 1e6);
}

export function impliedFeatures(quantization: string): string[] {
  return /f16/.test(quantization) ? ['shader-f16'] : [];
}

/** Every offered variant (q4f16_1 / q4f32_1, with and without "-1k") of every family. */
export function buildWebLLMCatalog(
  modelList: readonly ModelRecord[],
  families: readonly WebLLMFamily[] = WEBLLM_FAMILIES,
): WebLLMCatalogEntry[] {
  const out: WebLLMCatalogEntry[] = [];
  for (const family of families) {
    for (const record of modelList) {
      const parsed = parseModelId(record.model_id);
      if (!parsed || parsed.prefix !== family.modelIdPrefix) continue;
      if (!OFFERED_QUANTIZATIONS.includes(parsed.quantization)) continue;
      const quantization = parsed.quantization as WebLLMQuantization;
      const declared = [...(record.required_features ?? [])];
      const effective = [...new Set([...declared, ...impliedFeatures(quantization)])];
      const ctx = record.overrides?.context_window_size;
      out.push({
        modelId: record.model_id,
        familyId: family.id,
        label: `${family.label} (${quantization}${parsed.reducedContext ? ', 1k context' : ''})`,
        quantization,
        highlighted: family.highlighted,
        thinking: family.thinking ?? false,
        supersededBy: family.supersededBy ?? null,
        reducedContext: parsed.reducedContext,
        vramRequiredMB: record.vram_required_MB ?? null,
        lowResourceRequired: record.low_resource_required ?? false,
        contextWindow: typeof ctx === 'number' && ctx > 0 ? ctx : null,
        requiredFeatures: declared,
        effectiveRequiredFeatures: effective,
        bufferSizeRequiredBytes: record.buffer_size_required_bytes ?? null,
        approxDownloadMB: estimateDownloadMB(family.parametersB, quantization),
        downloadSizeSource: family.parametersB === null ? null : 'estimate-from-parameters',
        modelUrl: record.model,
        modelLibUrl: record.model_lib,
        record,
      });
    }
  }
  return out;
}

function hasFeature(features: Iterable<string>, name: string): boolean {
  for (const f of features) if (f === name) return true;
  return false;
}

/**
 * The variant of a family to use on an adapter: q4f16_1 when it has `shader-f16`, q4f32_1
 * otherwise. `reducedContext` picks the "-1k" record when one exists (falls back to the full
 * one). null when the family has no usable variant in the catalog.
 */
export function pickVariant(
  catalog: readonly WebLLMCatalogEntry[],
  familyId: string,
  features: Iterable<string>,
  options: { reducedContext?: boolean } = {},
): WebLLMCatalogEntry | null {
  const quantization: WebLLMQuantization = hasFeature(features, 'shader-f16') ? 'q4f16_1' : 'q4f32_1';
  const candidates = catalog.filter((e) => e.familyId === familyId && e.quantization === quantization);
  const wanted = options.reducedContext ?? false;
  return (
    candidates.find((e) => e.reducedContext === wanted) ?? candidates.find((e) => !e.reducedContext) ?? null
  );
}

/** One entry per family, the variant `pickVariant` chooses for these features. Highlighted first. */
export function recommendedEntries(
  catalog: readonly WebLLMCatalogEntry[],
  features: Iterable<string>,
  families: readonly WebLLMFamily[] = WEBLLM_FAMILIES,
): WebLLMCatalogEntry[] {
  const list = [...features];
  const picked = families
    .map((f) => pickVariant(catalog, f.id, list))
    .filter((e): e is WebLLMCatalogEntry => e !== null);
  return picked.sort((a, b) => Number(b.highlighted) - Number(a.highlighted));
}

/**
 * What to suggest after a device loss / out of memory on `modelId`: its "-1k" variant when it
 * has one, else the variant of the same quantisation needing the most VRAM below this one.
 */
export function smallerAlternative(
  catalog: readonly WebLLMCatalogEntry[],
  modelId: string,
): WebLLMCatalogEntry | null {
  const current = catalog.find((e) => e.modelId === modelId);
  const oneK = catalog.find((e) => e.modelId === `${modelId}-1k`);
  if (oneK) return oneK;
  if (!current || current.vramRequiredMB === null) return null;
  const vram = current.vramRequiredMB;
  const smaller = catalog
    .filter(
      (e) =>
        e.quantization === current.quantization &&
        e.vramRequiredMB !== null &&
        e.vramRequiredMB < vram &&
        !e.reducedContext,
    )
    .sort((a, b) => (b.vramRequiredMB ?? 0) - (a.vramRequiredMB ?? 0));
  return smaller[0] ?? null;
}

/** The q4f32_1 twin of an f16 model (for adapters without `shader-f16`). */
export function f32Alternative(
  catalog: readonly WebLLMCatalogEntry[],
  modelId: string,
): WebLLMCatalogEntry | null {
  const parsed = parseModelId(modelId);
  if (!parsed || !/f16/.test(parsed.quantization)) return null;
  const id = `${parsed.prefix}-q4f32_1-MLC${parsed.reducedContext ? '-1k' : ''}`;
  return catalog.find((e) => e.modelId === id) ?? null;
}

/** What the fit rules need to know about a catalog entry. */
export function toRequirements(
  entry: WebLLMCatalogEntry,
  options: { cached?: boolean; downloadBytes?: number | null; parametersB?: number | null } = {},
): ModelRequirements {
  const family = WEBLLM_FAMILIES.find((f) => f.id === entry.familyId);
  return {
    modelId: entry.modelId,
    backend: 'webllm',
    device: 'webgpu',
    vramRequiredMB: entry.vramRequiredMB,
    requiredFeatures: entry.effectiveRequiredFeatures,
    bufferSizeRequiredBytes: entry.bufferSizeRequiredBytes,
    downloadBytes:
      options.downloadBytes !== undefined
        ? options.downloadBytes
        : entry.approxDownloadMB !== null
          ? entry.approxDownloadMB * 1e6
          : null,
    cached: options.cached ?? false,
    lowResourceRequired: entry.lowResourceRequired,
    parametersB: options.parametersB ?? family?.parametersB ?? null,
  };
}
