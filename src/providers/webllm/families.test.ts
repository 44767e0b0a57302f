import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import { buildWebLLMCatalog, parseModelId, pickVariant } from './catalog';
import { WEBLLM_FAMILIES } from './families';

// The installed package's own list: no number below is typed by hand.
const list = prebuiltAppConfig.model_list;
const catalog = buildWebLLMCatalog(list);

describe('WebLLM families against the installed prebuiltAppConfig.model_list', () => {
  it('has unique ids and prefixes', () => {
    expect(new Set(WEBLLM_FAMILIES.map((f) => f.id)).size).toBe(WEBLLM_FAMILIES.length);
    expect(new Set(WEBLLM_FAMILIES.map((f) => f.modelIdPrefix)).size).toBe(WEBLLM_FAMILIES.length);
  });

  it.each(WEBLLM_FAMILIES.map((f) => [f.id, f] as const))('%s names records in the list', (_id, family) => {
    const records = list.filter((r) => parseModelId(r.model_id)?.prefix === family.modelIdPrefix);
    expect(records.length, family.modelIdPrefix).toBeGreaterThan(0);
    // Every offered variant of the family is a catalog entry with the record's own numbers.
    const entries = catalog.filter((e) => e.familyId === family.id);
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) {
      const r = records.find((x) => x.model_id === e.modelId);
      expect(r, e.modelId).toBeDefined();
      expect(e.vramRequiredMB).toBe(r!.vram_required_MB);
      expect(e.contextWindow).toBe(r!.overrides?.context_window_size);
      expect(e.requiredFeatures).toEqual(r!.required_features ?? []);
      expect(e.lowResourceRequired).toBe(r!.low_resource_required ?? false);
      expect(e.modelLibUrl).toBe(r!.model_lib);
      // Chat models only: WebLLM marks embedding (1) and vision (2) records with model_type.
      expect(r!.model_type ?? 0).toBe(0);
    }
  });

  it('offers the families the issue names (Qwen3.5, Qwen3, Gemma, Phi-4-mini, Llama 3.2, the seeds)', () => {
    const ids = new Set(catalog.map((e) => e.modelId));
    for (const id of [
      'Qwen3.5-0.8B-q4f16_1-MLC',
      'Qwen3.5-2B-q4f16_1-MLC',
      'Qwen3.5-4B-q4f16_1-MLC',
      'Qwen3-0.6B-q4f16_1-MLC',
      'Qwen3-1.7B-q4f32_1-MLC',
      'Qwen3-4B-q4f16_1-MLC',
      'gemma3-1b-it-q4f16_1-MLC',
      'gemma-4-E2B-it-q4f16_1-MLC',
      'Phi-4-mini-instruct-q4f16_1-MLC',
      'Llama-3.2-1B-Instruct-q4f16_1-MLC',
      'Llama-3.2-3B-Instruct-q4f32_1-MLC',
      'TinyLlama-1.1B-Chat-v1.0-q4f16_1-MLC',
      'phi-2-q4f32_1-MLC',
    ]) {
      expect(ids.has(id), id).toBe(true);
    }
  });

  it('orders q4f32_1 above q4f16_1 in VRAM, as the list says, for every family with both', () => {
    for (const f of WEBLLM_FAMILIES) {
      const f16 = pickVariant(catalog, f.id, ['shader-f16']);
      const f32 = pickVariant(catalog, f.id, []);
      if (f16?.quantization === 'q4f16_1' && f32?.quantization === 'q4f32_1') {
        expect(f32.vramRequiredMB!, f.id).toBeGreaterThan(f16.vramRequiredMB!);
      }
    }
  });

  it('offers an f16-only family (Gemma 3 1B) only on adapters with shader-f16', () => {
    expect(pickVariant(catalog, 'gemma-3-1b', ['shader-f16'])?.modelId).toBe('gemma3-1b-it-q4f16_1-MLC');
    expect(pickVariant(catalog, 'gemma-3-1b', [])).toBeNull();
  });

  it('marks Qwen3 as thinking models, superseded families with an existing successor', () => {
    const byId = new Map(WEBLLM_FAMILIES.map((f) => [f.id, f]));
    expect(catalog.filter((e) => e.thinking).every((e) => e.familyId.startsWith('qwen3-'))).toBe(true);
    expect(catalog.find((e) => e.modelId === 'Qwen3-1.7B-q4f16_1-MLC')?.thinking).toBe(true);
    for (const f of WEBLLM_FAMILIES) if (f.supersededBy) expect(byId.has(f.supersededBy), f.id).toBe(true);
  });

  it('leaves the download unknown where the parameter count would mislead', () => {
    const g = catalog.find((e) => e.modelId === 'gemma-4-E2B-it-q4f16_1-MLC')!;
    expect(g.approxDownloadMB).toBeNull();
    expect(g.downloadSizeSource).toBeNull();
  });
});
