import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import type { GpuAdapterProfile, HardwareProfile } from '../../platform/hardware/detect';
import { assessFit } from '../../platform/hardware/fit';
import { TRANSFORMERS_CATALOG } from './catalog';
import { expectedDevice, transformersRequirements } from './requirements';
import { buildWebLLMCatalog, recommendedEntries, toRequirements } from '../../providers/webllm/catalog';
import { bestThatFits, type Candidate } from './best-fit';
import { QUALITY, qualityOf, tierLabel } from './quality';

const GiB = 1024 ** 3;
const webllmCatalog = buildWebLLMCatalog(prebuiltAppConfig.model_list);

function gpu(features: string[], over: Partial<GpuAdapterProfile> = {}): GpuAdapterProfile {
  return {
    vendor: 'nvidia',
    architecture: 'ampere',
    device: '',
    description: '',
    isFallbackAdapter: false,
    isSoftware: false,
    features,
    hasShaderF16: features.includes('shader-f16'),
    limits: {
      maxBufferSize: 4 * GiB,
      maxStorageBufferBindingSize: 2 * GiB,
      maxComputeWorkgroupStorageSize: 32768,
      maxStorageBuffersPerShaderStage: 10,
      maxComputeInvocationsPerWorkgroup: 1024,
    },
    ...over,
  };
}

function device(
  memoryGB: number,
  threads: number,
  adapter: GpuAdapterProfile | null,
  freeGB = 50,
): HardwareProfile {
  return {
    webgpu: adapter
      ? { available: true, adapter }
      : { available: false, reason: 'no-navigator-gpu', detail: 'navigator.gpu is missing.' },
    cpuThreads: threads,
    deviceMemoryGB: memoryGB,
    storage: { quotaBytes: freeGB * GiB, usageBytes: 0 },
    crossOriginIsolated: threads > 2,
    isSecureContext: true,
    detectedAt: '2026-12-01T00:00:00.000Z',
  };
}

type Item = { backend: 'webllm' | 'transformers'; id: string };

/** What the Models page offers: WebLLM's variant per family for the adapter, and transformers.js on its device. */
function candidates(profile: HardwareProfile): Candidate<Item>[] {
  const features = profile.webgpu.available ? profile.webgpu.adapter.features : [];
  const onnxDevice = expectedDevice('auto', profile);
  const webllm = recommendedEntries(webllmCatalog, features).map((e) => ({
    item: { backend: 'webllm' as const, id: e.modelId },
    qualityId: e.familyId,
    label: e.label,
    device: 'webgpu' as const,
    fit: assessFit(toRequirements(e), profile).label,
  }));
  const onnx = TRANSFORMERS_CATALOG.filter((e) => e.dtype[onnxDevice] !== undefined).map((e) => ({
    item: { backend: 'transformers' as const, id: e.id },
    qualityId: e.id,
    label: e.label,
    device: onnxDevice,
    fit: assessFit(transformersRequirements(e, onnxDevice, false), profile).label,
  }));
  return [...webllm, ...onnx];
}

const swiftShader = gpu(['subgroups', 'timestamp-query'], {
  vendor: 'google',
  architecture: 'swiftshader',
  isFallbackAdapter: true,
  isSoftware: true,
});

describe('bestThatFits on a table of devices', () => {
  it.each([
    ['16 GB desktop, GPU with shader-f16', device(16, 8, gpu(['shader-f16'])), 'Qwen3.5-4B-q4f16_1-MLC'],
    // The example: 4 GB and shader-f16 -> Qwen3 1.7B (2037 MB fits half of 4 GB; Qwen3.5 2B does not).
    ['4 GB device, GPU with shader-f16', device(4, 4, gpu(['shader-f16'])), 'Qwen3-1.7B-q4f16_1-MLC'],
    // No shader-f16: q4f32 records, bigger; the 4B ones are over half of 8 GB.
    ['8 GB laptop, GPU without shader-f16', device(8, 8, gpu([])), 'Qwen3.5-2B-q4f32_1-MLC'],
    ['8 GB, no WebGPU, 8 threads', device(8, 8, null), 'qwen2.5-1.5b-instruct'],
    // Two threads make every 1B+ CPU model slow: the best small one (LFM2 700M above Qwen2.5 0.5B).
    ['4 GB, no WebGPU, 2 threads', device(4, 2, null), 'lfm2-700m'],
    // SwiftShader (headless Chromium here): every GPU model is slow; the CPU runs small ones well.
    ['software GPU, 8 GB, 2 threads', device(8, 2, swiftShader), 'lfm2-700m'],
    // 600 MB free: only SmolLM2 360M (398 MiB) fits the storage.
    ['storage almost full, no WebGPU', device(8, 8, null, 0.6), 'smollm2-360m-instruct'],
  ])('%s -> %s', (_name, profile, expected) => {
    const pick = bestThatFits(candidates(profile), profile);
    expect(pick?.item.id).toBe(expected);
  });

  it('gives a one-line reason that names the model and the device', () => {
    const p = device(4, 4, gpu(['shader-f16']));
    expect(bestThatFits(candidates(p), p)?.reason).toBe(
      'Qwen3 1.7B (q4f16_1): the best that fits 4 GB of memory on your GPU',
    );
    const cpu = device(4, 2, null);
    expect(bestThatFits(candidates(cpu), cpu)?.reason).toBe(
      'LFM2 700M: the best that runs well on the CPU here (2 threads)',
    );
  });

  it('falls back to the best slow model, then to nothing', () => {
    const slow: Candidate<string>[] = [
      { item: 'a', qualityId: 'qwen3-0.6b', label: 'A', device: 'wasm', fit: 'may be slow' },
      { item: 'b', qualityId: 'qwen3-4b', label: 'B', device: 'wasm', fit: 'may be slow' },
      { item: 'c', qualityId: 'qwen3.5-4b', label: 'C', device: 'wasm', fit: 'will not fit' },
    ];
    expect(bestThatFits(slow, null)).toMatchObject({
      item: 'b',
      reason: 'B: the best that runs here, though slowly',
    });
    expect(bestThatFits([{ ...slow[2]! }], null)).toBeNull();
    expect(bestThatFits([{ ...slow[0]!, fit: null }], null)).toBeNull();
  });
});

describe('quality table', () => {
  it('covers every built-in model of both catalogs', () => {
    for (const e of TRANSFORMERS_CATALOG) expect(QUALITY[e.id], e.id).toBeDefined();
    for (const e of webllmCatalog) expect(QUALITY[e.familyId], e.familyId).toBeDefined();
  });

  it('keeps the published order (Qwen3 4B > 1.7B > Llama 3.2 3B > Qwen3 0.6B) and marks estimates', () => {
    const s = (id: string) => qualityOf(id).score;
    expect(s('qwen3-4b')).toBeGreaterThan(s('qwen3-1.7b'));
    expect(s('qwen3-1.7b')).toBeGreaterThan(s('llama-3.2-3b'));
    expect(s('llama-3.2-3b')).toBeGreaterThan(s('qwen3-0.6b'));
    expect(qualityOf('qwen3-4b').estimate).toBe(false);
    expect(tierLabel(qualityOf('qwen3.5-4b'))).toBe('Strong (estimate)');
    expect(qualityOf('custom:someone/x').score).toBe(0);
  });
});
