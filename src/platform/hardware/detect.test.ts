import { describe, expect, it } from 'vitest';
import { detectHardware, detectWebGPU, type AdapterLike, type HardwareEnv } from './detect';
import { swiftShaderAdapter } from './testing';

function env(over: Partial<HardwareEnv> & { adapter?: AdapterLike | null | Error } = {}): HardwareEnv {
  const { adapter, ...rest } = over;
  return {
    navigator: {
      gpu: {
        async requestAdapter() {
          if (adapter instanceof Error) throw adapter;
          return adapter === undefined ? swiftShaderAdapter() : adapter;
        },
      },
      hardwareConcurrency: 2,
      deviceMemory: 16,
      storage: { estimate: async () => ({ quota: 10737418240, usage: 1234 }) },
    },
    isSecureContext: true,
    crossOriginIsolated: false,
    now: () => new Date('2025-01-02T03:04:05Z'),
    ...rest,
  };
}

describe('detectHardware', () => {
  it('reports the SwiftShader fallback adapter without shader-f16', async () => {
    const p = await detectHardware(env());
    expect(p.webgpu.available).toBe(true);
    if (!p.webgpu.available) return;
    expect(p.webgpu.adapter).toMatchObject({
      vendor: 'google',
      architecture: 'swiftshader',
      isFallbackAdapter: true,
      isSoftware: true,
      hasShaderF16: false,
      limits: { maxBufferSize: 1073741824, maxStorageBufferBindingSize: 1073741824 },
    });
    expect(p).toMatchObject({
      cpuThreads: 2,
      deviceMemoryGB: 16,
      storage: { quotaBytes: 10737418240, usageBytes: 1234 },
      crossOriginIsolated: false,
      isSecureContext: true,
      detectedAt: '2025-01-02T03:04:05.000Z',
    });
    // Plain data: survives structured clone / JSON.
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });

  it('reads older adapters: isFallbackAdapter on the adapter, requestAdapterInfo()', async () => {
    const a: AdapterLike = {
      features: new Set(['shader-f16']),
      limits: { maxBufferSize: 4294967296, maxStorageBufferBindingSize: 2147483648 },
      isFallbackAdapter: false,
      requestAdapterInfo: async () => ({ vendor: 'nvidia', architecture: 'ampere', description: 'RTX 3060' }),
    };
    const p = await detectWebGPU(env({ adapter: a }));
    expect(p.available && p.adapter).toMatchObject({
      vendor: 'nvidia',
      architecture: 'ampere',
      description: 'RTX 3060',
      isFallbackAdapter: false,
      isSoftware: false,
      hasShaderF16: true,
    });
  });

  it('says why WebGPU is unavailable', async () => {
    expect(await detectWebGPU({ navigator: {}, isSecureContext: false })).toMatchObject({
      available: false,
      reason: 'insecure-context',
    });
    expect(await detectWebGPU({ navigator: {}, isSecureContext: true })).toMatchObject({
      available: false,
      reason: 'no-navigator-gpu',
    });
    expect(await detectWebGPU(env({ adapter: null }))).toMatchObject({
      available: false,
      reason: 'no-adapter',
    });
    const threw = await detectWebGPU(env({ adapter: new Error('GPU process crashed') }));
    expect(threw).toMatchObject({ available: false, reason: 'request-adapter-threw' });
    expect(!threw.available && threw.detail).toMatch(/GPU process crashed/);
  });

  it('leaves out what the browser does not expose', async () => {
    const p = await detectHardware({ navigator: {}, isSecureContext: true });
    expect(p).toMatchObject({
      cpuThreads: null,
      deviceMemoryGB: null,
      storage: null,
      crossOriginIsolated: false,
    });
  });
});
