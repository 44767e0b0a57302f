import { describe, expect, it } from 'vitest';
import { detectHardware } from '../../platform/hardware/detect';
import { assessFit } from '../../platform/hardware/fit';
import { swiftShaderAdapter } from '../../platform/hardware/testing';
import { TRANSFORMERS_CATALOG } from './catalog';
import { expectedDevice, transformersRequirements } from './requirements';

const swiftshader = () =>
  detectHardware({
    navigator: {
      gpu: { requestAdapter: async () => swiftShaderAdapter() },
      hardwareConcurrency: 2,
      deviceMemory: 16,
    },
    isSecureContext: true,
    crossOriginIsolated: true,
  });

describe('transformers.js model requirements', () => {
  it('runs on WASM in automatic mode when the only adapter is a software fallback', async () => {
    expect(expectedDevice('auto', await swiftshader())).toBe('wasm');
    expect(expectedDevice('webgpu', await swiftshader())).toBe('webgpu');
  });

  it('needs shader-f16 for q4f16 weights on WebGPU, so SwiftShader will not fit', async () => {
    const qwen = TRANSFORMERS_CATALOG[0]!;
    const req = transformersRequirements(qwen, 'webgpu', false);
    expect(req.requiredFeatures).toEqual(['shader-f16']);
    expect(req.vramRequiredMB).toBeGreaterThan(qwen.sizeMB.webgpu!);
    expect(assessFit(req, await swiftshader()).label).toBe('will not fit');
  });

  it('fits a small model on the CPU of a 16 GB machine', async () => {
    const smol = TRANSFORMERS_CATALOG.find((e) => e.id === 'smollm2-360m-instruct')!;
    const req = transformersRequirements(smol, 'wasm', true);
    expect(req.vramRequiredMB).toBeNull();
    expect(req.parametersB).toBeCloseTo(0.36);
    expect(assessFit(req, await swiftshader()).label).toBe('fits');
  });
});
