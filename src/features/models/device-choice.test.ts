import { describe, expect, it } from 'vitest';
import { expectedDevice } from './requirements';
import type { DevicePreference } from '../../core/settings';
import { detectHardware, type AdapterLike, type HardwareEnv } from '../../platform/hardware/detect';
import { chooseDevice, detectDevice } from '../../platform/hardware/device';
import { swiftShaderAdapter } from '../../platform/hardware/testing';

const adapter = (info: AdapterLike['info'], extra: Partial<AdapterLike> = {}): AdapterLike => ({
  features: new Set<string>(['shader-f16']),
  limits: { maxBufferSize: 2 ** 31 },
  info,
  ...extra,
});

const env = (requestAdapter: (() => Promise<AdapterLike | null>) | null, secure = true): HardwareEnv => ({
  navigator: requestAdapter ? { gpu: { requestAdapter } } : {},
  isSecureContext: secure,
});

const ENVS: Record<string, HardwareEnv> = {
  'SwiftShader flagged as fallback': env(async () => swiftShaderAdapter()),
  // The case the two old copies disagreed on: no isFallbackAdapter flag, software by name only.
  'SwiftShader by name only': env(async () =>
    adapter({ vendor: 'google', architecture: 'swiftshader', device: '', description: '' }),
  ),
  'llvmpipe, old adapter.isFallbackAdapter false': env(async () =>
    adapter({ vendor: 'mesa', architecture: 'llvmpipe' }, { isFallbackAdapter: false }),
  ),
  'a real GPU': env(async () =>
    adapter({ vendor: 'nvidia', architecture: 'ampere', isFallbackAdapter: false }),
  ),
  'no adapter': env(async () => null),
  'requestAdapter throws': env(() => Promise.reject(new Error('blocked'))),
  'no navigator.gpu': env(null),
  'insecure context': env(null, false),
};
const PREFERENCES: DevicePreference[] = ['auto', 'webgpu', 'wasm'];

describe('device choice', () => {
  it("the Models page's prediction equals the load's choice on every hardware and preference", async () => {
    for (const [name, e] of Object.entries(ENVS)) {
      const profile = await detectHardware(e);
      for (const preference of PREFERENCES) {
        const loaded = (await detectDevice(preference, e)).device;
        expect(expectedDevice(preference, profile), `${name}, ${preference}`).toBe(loaded);
      }
    }
  });

  it('runs on WASM in automatic mode on a software adapter, by flag or by name', async () => {
    for (const name of [
      'SwiftShader flagged as fallback',
      'SwiftShader by name only',
      'llvmpipe, old adapter.isFallbackAdapter false',
    ]) {
      const choice = await detectDevice('auto', ENVS[name]!);
      expect(choice, name).toEqual({
        device: 'wasm',
        reason: 'the WebGPU adapter is a software fallback, slower than WASM',
      });
    }
    expect((await detectDevice('auto', ENVS['a real GPU']!)).device).toBe('webgpu');
  });

  it('honours a preference from Settings, but WebGPU needs an adapter', async () => {
    expect((await detectDevice('webgpu', ENVS['SwiftShader by name only']!)).device).toBe('webgpu');
    expect(await detectDevice('webgpu', ENVS['no adapter']!)).toEqual({
      device: 'wasm',
      reason: 'no WebGPU adapter is available',
    });
    expect(await detectDevice('wasm', ENVS['a real GPU']!)).toEqual({
      device: 'wasm',
      reason: 'chosen in Settings',
    });
    expect(chooseDevice('auto', null).device).toBe('wasm');
    expect((await detectDevice('auto', ENVS['insecure context']!)).reason).toContain('secure context');
  });
});
