import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KeyValueRepository } from '../../platform/db/kv';
import { KV } from '../../platform/db/kv-keys';
import { openAppDb } from '../../platform/db/schema';
import type { ModelRequirements } from '../../platform/hardware/fit';
import { HardwareState } from './hardware.svelte';

/** A WebGPU adapter as `navigator.gpu.requestAdapter()` returns it (GPUAdapter IDL fields). */
function stubGpu(options: { features: string[]; description: string }) {
  const adapter = {
    features: new Set(options.features),
    limits: { maxBufferSize: 2 ** 31, maxStorageBufferBindingSize: 2 ** 30 },
    info: { vendor: 'acme', architecture: 'test', device: '', description: options.description },
  };
  vi.stubGlobal('isSecureContext', true);
  vi.stubGlobal('navigator', {
    gpu: { requestAdapter: () => Promise.resolve(adapter) },
    hardwareConcurrency: 8,
    deviceMemory: 16,
    storage: {
      estimate: () => Promise.resolve({ usage: 10, quota: 50 * 2 ** 30 }),
      persisted: () => Promise.resolve(false),
      persist: () => Promise.resolve(true),
    },
  });
}

const model: ModelRequirements = {
  modelId: 'Small-q4f16_1-MLC',
  backend: 'webllm',
  device: 'webgpu',
  vramRequiredMB: 500,
  requiredFeatures: ['shader-f16'],
  downloadBytes: 300 * 1024 * 1024,
};

const kvOver = async () => new KeyValueRepository(await openAppDb(`hardware-${Math.random()}`));

afterEach(() => vi.unstubAllGlobals());

describe('HardwareState', () => {
  it('detects the adapter once and exposes its features', async () => {
    stubGpu({ features: ['shader-f16', 'timestamp-query'], description: 'Acme GPU' });
    const state = new HardwareState(await kvOver());
    await state.init();
    expect(state.profile?.webgpu.available).toBe(true);
    expect(state.shaderF16).toBe(true);
    expect(state.features).toEqual(['shader-f16', 'timestamp-query']);
    expect(state.detect()).toBe(state.detect());
  });

  it('persists a GPU failure so a reload keeps the lower fit label, and clearing restores it', async () => {
    stubGpu({ features: ['shader-f16'], description: 'Acme GPU' });
    const kv = await kvOver();
    const state = new HardwareState(kv);
    await state.init();
    const before = state.fit(model);
    expect(before?.label).toBe('fits');

    await state.recordFailure(model.modelId, 'out-of-memory', 'GPU out of memory');
    const stored = await kv.get(KV.hardwareFailures);
    expect(stored).toHaveLength(1);
    expect(stored?.[0]).toMatchObject({ modelId: model.modelId, kind: 'out-of-memory', count: 1 });

    const reloaded = new HardwareState(kv);
    await reloaded.init();
    expect(reloaded.failures).toEqual(stored);
    const after = reloaded.fit(model);
    expect(after?.label).not.toBe(before?.label);

    await reloaded.clearFailures(model.modelId);
    expect(await kv.get(KV.hardwareFailures)).toEqual([]);
    expect(reloaded.fit(model)?.label).toBe(before?.label);
  });

  it('a failure on another GPU does not lower the label on this one', async () => {
    stubGpu({ features: ['shader-f16'], description: 'Other GPU' });
    const kv = await kvOver();
    const other = new HardwareState(kv);
    await other.init();
    await other.recordFailure(model.modelId, 'device-lost');

    stubGpu({ features: ['shader-f16'], description: 'Acme GPU' });
    const here = new HardwareState(kv);
    await here.init();
    expect(here.failures).toHaveLength(1);
    const clean = new HardwareState(await kvOver());
    await clean.init();
    expect(here.fit(model)).toEqual(clean.fit(model));
  });

  it('without WebGPU the profile says so and a WebGPU model does not fit', async () => {
    vi.stubGlobal('navigator', { hardwareConcurrency: 2 });
    const state = new HardwareState(await kvOver());
    await state.init();
    expect(state.profile?.webgpu.available).toBe(false);
    expect(state.shaderF16).toBe(false);
    expect(state.features).toEqual([]);
    expect(state.fit(model)?.label).toBe('will not fit');
  });

  it('reads storage and reports the persistence answer, then the new state', async () => {
    stubGpu({ features: [], description: 'Acme GPU' });
    const state = new HardwareState(await kvOver());
    await state.refreshStorage();
    expect(state.storage).toEqual({ usageBytes: 10, quotaBytes: 50 * 2 ** 30, persisted: false });
    expect(await state.requestPersistence()).toBe(true);
    expect(state.persistResult).toMatch(/^Granted/);
    vi.stubGlobal('navigator', {});
    expect(await state.requestPersistence()).toBeNull();
    expect(state.persistResult).toBe('This browser cannot make storage persistent.');
  });
});
