import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import {
  buildWebLLMCatalog,
  f32Alternative,
  parseModelId,
  pickVariant,
  recommendedEntries,
  smallerAlternative,
  toRequirements,
} from './catalog';
import { WEBLLM_FAMILIES } from './families';
import { downloadBytesFromTensorCache, withMirror } from './records';

const list = prebuiltAppConfig.model_list;
const catalog = buildWebLLMCatalog(list);
const record = (id: string) => {
  const r = list.find((m) => m.model_id === id);
  if (!r) throw new Error(`no record ${id}`);
  return r;
};

describe('buildWebLLMCatalog (from prebuiltAppConfig.model_list)', () => {
  it('has q4f16_1 and q4f32_1 of every family but Gemma 3 1B (WebLLM ships it in q4f16_1 only)', () => {
    for (const f of WEBLLM_FAMILIES) {
      const qs = new Set(catalog.filter((e) => e.familyId === f.id).map((e) => e.quantization));
      expect(qs, f.id).toEqual(new Set(f.id === 'gemma-3-1b' ? ['q4f16_1'] : ['q4f16_1', 'q4f32_1']));
    }
  });

  it('highlights Qwen3 1.7B / 4B and the seeds TinyLlama-1.1B-Chat and Phi-3.5-mini', () => {
    const highlighted = new Set(catalog.filter((e) => e.highlighted).map((e) => e.familyId));
    expect(highlighted).toEqual(new Set(['qwen3-1.7b', 'qwen3-4b', 'tinyllama-1.1b-chat', 'phi-3.5-mini']));
  });

  it('reads VRAM, low-resource flag, context window and features from the records', () => {
    for (const e of catalog) {
      const r = record(e.modelId);
      expect(e.vramRequiredMB).toBe(r.vram_required_MB ?? null);
      expect(e.lowResourceRequired).toBe(r.low_resource_required ?? false);
      expect(e.contextWindow).toBe(r.overrides?.context_window_size ?? null);
      expect(e.requiredFeatures).toEqual(r.required_features ?? []);
      expect(e.modelUrl).toBe(r.model);
      expect(e.modelLibUrl).toBe(r.model_lib);
    }
  });

  it('treats every f16 quantisation as needing shader-f16, declared or not', () => {
    for (const e of catalog) {
      expect(e.effectiveRequiredFeatures.includes('shader-f16')).toBe(e.quantization === 'q4f16_1');
    }
  });

  it('marks "-1k" records as reduced-context with a smaller window', () => {
    const oneK = catalog.find((e) => e.modelId === 'TinyLlama-1.1B-Chat-v1.0-q4f16_1-MLC-1k');
    const full = catalog.find((e) => e.modelId === 'TinyLlama-1.1B-Chat-v1.0-q4f16_1-MLC');
    expect(oneK?.reducedContext).toBe(true);
    expect(full?.reducedContext).toBe(false);
    expect(oneK!.contextWindow!).toBeLessThan(full!.contextWindow!);
    expect(oneK!.vramRequiredMB!).toBeLessThan(full!.vramRequiredMB!);
  });

  it('estimates the download from parameters, and says so', () => {
    const tl = catalog.find((e) => e.modelId === 'TinyLlama-1.1B-Chat-v1.0-q4f16_1-MLC')!;
    expect(tl.downloadSizeSource).toBe('estimate-from-parameters');
    expect(tl.approxDownloadMB).toBeGreaterThan(500);
    expect(tl.approxDownloadMB).toBeLessThan(800);
    const f32 = catalog.find((e) => e.modelId === 'TinyLlama-1.1B-Chat-v1.0-q4f32_1-MLC')!;
    expect(f32.approxDownloadMB!).toBeGreaterThan(tl.approxDownloadMB!);
  });

  it('parses model ids', () => {
    expect(parseModelId('Phi-3.5-mini-instruct-q4f16_1-MLC-1k')).toEqual({
      prefix: 'Phi-3.5-mini-instruct',
      quantization: 'q4f16_1',
      reducedContext: true,
    });
    expect(parseModelId('snowflake-arctic-embed-m-q0f32-MLC-b4')).toBeNull();
  });
});

describe('pickVariant', () => {
  it('picks q4f16 with shader-f16 and q4f32 without', () => {
    expect(pickVariant(catalog, 'tinyllama-1.1b-chat', ['shader-f16', 'subgroups'])?.modelId).toBe(
      'TinyLlama-1.1B-Chat-v1.0-q4f16_1-MLC',
    );
    expect(pickVariant(catalog, 'tinyllama-1.1b-chat', new Set(['subgroups']))?.modelId).toBe(
      'TinyLlama-1.1B-Chat-v1.0-q4f32_1-MLC',
    );
    expect(pickVariant(catalog, 'phi-3.5-mini', [])?.modelId).toBe('Phi-3.5-mini-instruct-q4f32_1-MLC');
  });

  it('picks the -1k record when asked and falls back to the full one', () => {
    expect(pickVariant(catalog, 'phi-3.5-mini', ['shader-f16'], { reducedContext: true })?.modelId).toBe(
      'Phi-3.5-mini-instruct-q4f16_1-MLC-1k',
    );
    expect(pickVariant(catalog, 'qwen2.5-0.5b', [], { reducedContext: true })?.modelId).toBe(
      'Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
    );
    expect(pickVariant(catalog, 'nope', [])).toBeNull();
  });

  it('recommends one variant per family, highlighted first (SwiftShader features: no f16)', () => {
    const swiftShaderFeatures = ['subgroups', 'timestamp-query', 'float32-filterable'];
    const rec = recommendedEntries(catalog, swiftShaderFeatures);
    // One per family that has a q4f32_1 variant (all but Gemma 3 1B).
    expect(rec).toHaveLength(WEBLLM_FAMILIES.length - 1);
    expect(rec.every((e) => e.quantization === 'q4f32_1')).toBe(true);
    expect(rec.slice(0, 4).every((e) => e.highlighted)).toBe(true);
  });
});

describe('alternatives', () => {
  it('suggests the -1k variant first, else a smaller model of the same quantisation', () => {
    expect(smallerAlternative(catalog, 'Phi-3.5-mini-instruct-q4f16_1-MLC')?.modelId).toBe(
      'Phi-3.5-mini-instruct-q4f16_1-MLC-1k',
    );
    const s = smallerAlternative(catalog, 'Llama-3.2-1B-Instruct-q4f32_1-MLC');
    expect(s).not.toBeNull();
    expect(s!.quantization).toBe('q4f32_1');
    expect(s!.vramRequiredMB!).toBeLessThan(record('Llama-3.2-1B-Instruct-q4f32_1-MLC').vram_required_MB!);
  });

  it('finds the q4f32 twin of an f16 model', () => {
    expect(f32Alternative(catalog, 'TinyLlama-1.1B-Chat-v1.0-q4f16_1-MLC-1k')?.modelId).toBe(
      'TinyLlama-1.1B-Chat-v1.0-q4f32_1-MLC-1k',
    );
    expect(f32Alternative(catalog, 'TinyLlama-1.1B-Chat-v1.0-q4f32_1-MLC')).toBeNull();
  });
});

describe('helpers', () => {
  it('points a record at a mirror', () => {
    const r = record('TinyLlama-1.1B-Chat-v1.0-q4f32_1-MLC');
    const m = withMirror(r, {
      modelBaseUrl: 'http://127.0.0.1:4000/hub',
      modelLibBaseUrl: 'http://127.0.0.1:4000/libs/',
    });
    expect(m.model).toBe('http://127.0.0.1:4000/hub/mlc-ai/TinyLlama-1.1B-Chat-v1.0-q4f32_1-MLC');
    expect(m.model_lib).toBe('http://127.0.0.1:4000/libs/TinyLlama-1.1B-Chat-v1.0-q4f32_1_cs1k-webgpu.wasm');
    expect(r.model).toMatch(/^https:\/\/huggingface\.co\//); // original untouched
  });

  it('sums tensor-cache.json shards', () => {
    expect(downloadBytesFromTensorCache({ records: [{ nbytes: 10 }, { nbytes: 32 }] })).toBe(42);
    expect(downloadBytesFromTensorCache({ records: [{}] })).toBeNull();
    expect(downloadBytesFromTensorCache('x')).toBeNull();
  });

  it('turns an entry into fit requirements', () => {
    const e = catalog.find((x) => x.modelId === 'Phi-3.5-mini-instruct-q4f16_1-MLC')!;
    const req = toRequirements(e);
    expect(req).toMatchObject({
      backend: 'webllm',
      device: 'webgpu',
      vramRequiredMB: e.vramRequiredMB,
      parametersB: 3.82,
    });
    expect(req.requiredFeatures).toContain('shader-f16');
    expect(toRequirements(e, { downloadBytes: 5, cached: true })).toMatchObject({
      downloadBytes: 5,
      cached: true,
    });
  });
});
