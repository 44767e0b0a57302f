import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import { buildWebLLMCatalog, pickVariant, toRequirements } from './catalog';
import type { GpuAdapterProfile, HardwareProfile } from '../../platform/hardware/detect';
import { assessFit, type ModelRequirements } from '../../platform/hardware/fit';
import {
  clearFailures,
  deviceKey,
  recordFailure,
  type FailureRecord,
} from '../../platform/hardware/failures';

const catalog = buildWebLLMCatalog(prebuiltAppConfig.model_list);
const entry = (id: string) => {
  const e = catalog.find((x) => x.modelId === id);
  if (!e) throw new Error(id);
  return e;
};

const GiB = 1024 ** 3;
function adapter(over: Partial<GpuAdapterProfile> = {}): GpuAdapterProfile {
  return {
    vendor: 'nvidia',
    architecture: 'ampere',
    device: '',
    description: 'RTX 3060',
    isFallbackAdapter: false,
    isSoftware: false,
    features: ['shader-f16', 'subgroups'],
    hasShaderF16: true,
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
function profile(
  over: Partial<HardwareProfile> = {},
  a: GpuAdapterProfile | null = adapter(),
): HardwareProfile {
  return {
    webgpu: a
      ? { available: true, adapter: a }
      : { available: false, reason: 'no-navigator-gpu', detail: 'navigator.gpu is missing.' },
    cpuThreads: 8,
    deviceMemoryGB: 8,
    storage: { quotaBytes: 50 * GiB, usageBytes: 0 },
    crossOriginIsolated: true,
    isSecureContext: true,
    detectedAt: '2025-01-01T00:00:00.000Z',
    ...over,
  };
}
/** The measured SwiftShader adapter of headless Chromium. */
const swiftShader = adapter({
  vendor: 'google',
  architecture: 'swiftshader',
  description: '',
  isFallbackAdapter: true,
  isSoftware: true,
  features: ['subgroups', 'timestamp-query'],
  hasShaderF16: false,
  limits: {
    maxBufferSize: GiB,
    maxStorageBufferBindingSize: GiB,
    maxComputeWorkgroupStorageSize: 32768,
    maxStorageBuffersPerShaderStage: 10,
    maxComputeInvocationsPerWorkgroup: 256,
  },
});

const codes = (r: { reasons: { code: string }[] }) => r.reasons.map((x) => x.code);

describe('assessFit (WebLLM)', () => {
  it('small model on a real GPU with 8 GB: fits', () => {
    const r = assessFit(toRequirements(entry('TinyLlama-1.1B-Chat-v1.0-q4f16_1-MLC')), profile());
    expect(r).toEqual({ label: 'fits', reasons: [] });
  });

  it('SwiftShader fallback without shader-f16: f16 will not fit, f32 may be slow', () => {
    const p = profile({ deviceMemoryGB: 16 }, swiftShader);
    const f16 = assessFit(toRequirements(entry('TinyLlama-1.1B-Chat-v1.0-q4f16_1-MLC')), p);
    expect(f16.label).toBe('will not fit');
    expect(codes(f16)).toEqual(expect.arrayContaining(['missing-feature', 'software-gpu']));
    // Phi-3.5-mini q4f16 does not declare shader-f16 in WebLLM's record; still will not fit.
    expect(assessFit(toRequirements(entry('Phi-3.5-mini-instruct-q4f16_1-MLC')), p).label).toBe(
      'will not fit',
    );
    const f32 = assessFit(
      toRequirements(pickVariant(catalog, 'tinyllama-1.1b-chat', swiftShader.features)!),
      p,
    );
    expect(f32.label).toBe('may be slow');
    expect(codes(f32)).toEqual(['software-gpu']);
  });

  it('no WebGPU: WebLLM will not fit, with the reason', () => {
    const r = assessFit(toRequirements(entry('Qwen2.5-0.5B-Instruct-q4f32_1-MLC')), profile({}, null));
    expect(r.label).toBe('will not fit');
    expect(r.reasons[0]!.message).toMatch(/navigator\.gpu is missing.*WASM/);
  });

  it('VRAM against device memory: risky is slow, too much will not fit', () => {
    const phi16 = toRequirements(entry('Phi-3.5-mini-instruct-q4f16_1-MLC')); // ~3.7 GB
    expect(assessFit(phi16, profile({ deviceMemoryGB: 8 })).label).toBe('fits');
    expect(assessFit(phi16, profile({ deviceMemoryGB: 6 })).label).toBe('may be slow');
    const r4 = assessFit(phi16, profile({ deviceMemoryGB: 4 }));
    expect(r4.label).toBe('will not fit');
    expect(codes(r4)).toEqual(['vram-exceeds-memory']);
    // Unknown device memory: no VRAM rule.
    expect(assessFit(phi16, profile({ deviceMemoryGB: null })).label).toBe('fits');
  });

  it('limited GPU buffers and WebLLM minimum limits', () => {
    const phone = adapter({
      limits: { ...adapter().limits, maxStorageBufferBindingSize: 512 * 1024 * 1024 },
    });
    const phi = toRequirements(entry('Phi-3.5-mini-instruct-q4f16_1-MLC')); // not low-resource
    expect(assessFit(phi, profile({ deviceMemoryGB: null }, phone)).label).toBe('may be slow');
    const tiny = adapter({ limits: { ...adapter().limits, maxBufferSize: 128 * 1024 * 1024 } });
    expect(codes(assessFit(phi, profile({}, tiny)))).toContain('gpu-limits');
  });

  it('storage quota against the download size (unless cached)', () => {
    const req = toRequirements(entry('TinyLlama-1.1B-Chat-v1.0-q4f16_1-MLC'));
    const p = profile({ storage: { quotaBytes: 500e6, usageBytes: 100e6 } });
    const r = assessFit(req, p);
    expect(r.label).toBe('will not fit');
    expect(codes(r)).toEqual(['storage-full']);
    expect(assessFit({ ...req, cached: true }, p).label).toBe('fits');
  });
});

describe('assessFit (transformers.js on WASM)', () => {
  const wasmModel: ModelRequirements = {
    modelId: 'onnx-community/Qwen2.5-0.5B-Instruct',
    backend: 'transformers',
    device: 'wasm',
    vramRequiredMB: null,
    requiredFeatures: [],
    downloadBytes: 790e6,
    parametersB: 0.5,
  };
  it('fits without any GPU', () => {
    expect(assessFit(wasmModel, profile({}, null)).label).toBe('fits');
  });
  it('slow with few threads for 1B+, one thread without isolation noted', () => {
    const big = { ...wasmModel, parametersB: 1.1, downloadBytes: 870e6 };
    const r = assessFit(big, profile({ cpuThreads: 2, crossOriginIsolated: false }, null));
    expect(r.label).toBe('may be slow');
    expect(codes(r)).toEqual(['few-cpu-threads', 'single-thread-wasm']);
    const small = assessFit(wasmModel, profile({ crossOriginIsolated: false }, null));
    expect(small.label).toBe('fits');
    expect(small.reasons[0]!.severity).toBe('info');
  });
});

describe('failure records', () => {
  const p = profile();
  const key = deviceKey(p);
  const id = 'Phi-3.5-mini-instruct-q4f16_1-MLC';
  const req = toRequirements(entry(id));

  it('keys failures by GPU identity', () => {
    expect(key).toBe('webgpu|nvidia|ampere|-|RTX 3060');
    expect(deviceKey(profile({}, null))).toBe('cpu-only');
    expect(deviceKey(profile({}, swiftShader))).toBe('webgpu|google|swiftshader|-|-');
  });

  it('one failure lowers the label one step; two make it will not fit', () => {
    let records: FailureRecord[] = [];
    records = recordFailure(records, {
      deviceKey: key,
      modelId: id,
      kind: 'device-lost',
      at: new Date('2025-02-01T10:00:00Z'),
    });
    expect(records).toEqual([
      {
        deviceKey: key,
        modelId: id,
        kind: 'device-lost',
        count: 1,
        firstAt: '2025-02-01T10:00:00.000Z',
        lastAt: '2025-02-01T10:00:00.000Z',
      },
    ]);
    const once = assessFit(req, p, records);
    expect(once.label).toBe('may be slow');
    expect(once.reasons.at(-1)!.message).toMatch(
      /Failed on this device once \(device lost, last 2025-02-01\).*-1k/,
    );

    records = recordFailure(records, {
      deviceKey: key,
      modelId: id,
      kind: 'out-of-memory',
      at: '2025-02-02T10:00:00.000Z',
      message: 'OOM',
    });
    const twice = assessFit(req, p, records);
    expect(twice.label).toBe('will not fit');
    expect(twice.reasons.at(-1)!.message).toMatch(/2 times \(device lost, out of memory/);

    // A "may be slow" model that failed once will not fit.
    expect(
      assessFit(
        req,
        profile({ deviceMemoryGB: 6 }),
        recordFailure([], { deviceKey: key, modelId: id, kind: 'device-lost', at: '2025-01-01T00:00:00Z' }),
      ).label,
    ).toBe('will not fit');
  });

  it('ignores failures of other devices and other models; can be cleared', () => {
    const records = recordFailure([], {
      deviceKey: 'webgpu|apple|m1|-|-',
      modelId: id,
      kind: 'device-lost',
      at: '2025-01-01T00:00:00Z',
    });
    expect(assessFit(req, p, records).label).toBe('fits');
    const mine = recordFailure(records, {
      deviceKey: key,
      modelId: id,
      kind: 'device-lost',
      at: '2025-01-01T00:00:00Z',
    });
    expect(
      recordFailure(mine, {
        deviceKey: key,
        modelId: id,
        kind: 'device-lost',
        at: '2025-01-03T00:00:00Z',
      }).find((r) => r.deviceKey === key)!.count,
    ).toBe(2);
    expect(clearFailures(mine, key, id)).toEqual(records);
    expect(clearFailures(mine, key)).toEqual(records);
  });
});
